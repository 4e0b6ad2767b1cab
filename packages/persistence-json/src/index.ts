export { JsonStatePersistence, type JsonStoreFiles, type JsonStoreStats } from "./json-store.js";
export {
  DEFAULT_JSON_STORE_OPTIONS,
  stderrLogger,
  type JsonStoreOptions,
  type ResolvedJsonStoreOptions,
  type StoreLogger,
} from "./options.js";
