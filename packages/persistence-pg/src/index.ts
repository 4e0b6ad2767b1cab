export { PostgresStatePersistence } from "./postgres-store.js";
export { PostgresLeaser } from "./pg-leaser.js";
export { DEFAULT_STORE_OPTIONS, type PostgresStoreOptions, type StoreLogger } from "./options.js";
export type { PgPoolLike, PgPoolClientLike, PgNotification } from "./pool-like.js";
export {
  migrateToLatest,
  EmbeddedMigrationProvider,
  MIGRATION_TABLE,
  MIGRATION_LOCK_TABLE,
  type MigrateOptions,
  type MigrationOutcome,
  type MigrationReport,
} from "./migrations/migrate.js";
export { EMBEDDED_MIGRATIONS } from "./migrations/embedded.js";
export type { EmbeddedMigration } from "./migrations/embedded-migration.js";
export { PostgresInstanceRegistry } from "./instance-registry.js";
export type { TaskChange, Unsubscribe } from "./task-notifications.js";
export type {
  ActorDatabase,
  StateTable,
  ExecutionTable,
  PostTable,
  ContentTable,
  InstanceTable,
} from "./database.js";
