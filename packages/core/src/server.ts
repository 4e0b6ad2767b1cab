import type { ExecutionRecord } from "./execution.js";
import type { TaskStatus } from "./task.js";

/**
 * A server's lifecycle.
 *
 * @example
 * ```ts
 * await server.start();
 * process.once("SIGTERM", () => void server.stop());
 * ```
 */
export interface ActorServer<Definitions = unknown> {
  /** Restores state, recovers crashed runs and starts scheduling. */
  start(): Promise<void>;
  /** Graceful stop: see `ScheduledServer.shutdown`. */
  stop(): Promise<void>;
  /** Applies new task definitions without a restart: adds, removes and changes tasks, keeping state. */
  reload(definitions: Definitions): Promise<void>;
  isRunning(): boolean;
}

/**
 * Control over scheduled tasks.
 *
 * @example
 * ```ts
 * await server.pauseTask("daily");
 * const status = await server.taskStatus("daily"); // status.paused === true
 * await server.resumeTask("daily");                // next run recomputed from now
 * const record = await server.executeTask("daily"); // manual run now
 * ```
 */
export interface ScheduledServer {
  /** Runs the task now (manual trigger). Respects overlap: a running task yields a `skipped` record. */
  executeTask(taskId: string): Promise<ExecutionRecord>;
  taskStatus(taskId: string): Promise<TaskStatus>;
  listTasks(): Promise<TaskStatus[]>;
  pauseTask(taskId: string): Promise<TaskStatus>;
  /** Resumes a paused task (also closes an open circuit); slots missed while paused are not run. */
  resumeTask(taskId: string): Promise<TaskStatus>;
  /** Starts if needed and resolves when the server has shut down. */
  runForever(): Promise<void>;
  /** Stops claiming, lets runs finish up to the shutdown timeout, then aborts them; persists all. */
  shutdown(): Promise<void>;
}
