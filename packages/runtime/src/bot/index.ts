export { Bot, botLogger, type BotOptions, type BotTaskOptions } from "./bot.js";
export { schedule, every, type RunTaskOptions } from "./run-task.js";
export { functionActor, type TaskFunction } from "./function-actor.js";
export { intervalSeconds, type IntervalInput } from "./interval-text.js";
export {
  DEFAULT_STATE_DIRECTORY,
  openDefaultStore,
  type DefaultStoreOptions,
  type OpenedStore,
} from "./default-store.js";
