// The public API of `@actor/runtime`. Engine internals (due-queue, timer, heap scheduler, run pool,
// backoff, task resolution) are not exported here; the project's tests and benchmarks reach them
// through the unstable `@actor/runtime/internal` subpath.
export * from "./control/options.js";
export * from "./control/options-schema.js";
export * from "./control/logger.js";
export * from "./control/events.js";
export * from "./control/alerts.js";
export type { TaskOptions, TaskDefinition } from "./control/task-definition.js";
export * from "./control/server.js";
export * from "./control/builder.js";
export * from "./skills/index.js";
export * from "./posters/console-poster.js";
export * from "./bot/index.js";
export * from "./shutdown-signals.js";
export * from "./reexports.js";
