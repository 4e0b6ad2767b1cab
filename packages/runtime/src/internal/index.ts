/**
 * `@actor/runtime/internal`: the engine's building blocks (due-queue, timer, heap scheduler, run
 * pool, backoff, task resolution), exported for the project's own tests and benchmarks.
 *
 * **Unstable.** Nothing here is part of the public API: names, signatures and behaviour may change
 * in any release, including a patch release. Build on `@actor/runtime` instead.
 *
 * @packageDocumentation
 */
export * from "../timing/backoff.js";
export * from "../timing/due-queue.js";
export * from "../timing/due-timer.js";
export * from "../timing/heap-scheduler.js";
export * from "../timing/run-pool.js";
export { resolveTasks, type ResolvedTask } from "../control/task-definition.js";
