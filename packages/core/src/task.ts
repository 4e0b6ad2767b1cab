/** Why a task is paused. */
export type PauseReason = "manual" | "circuit-open";

/**
 * The persisted state of one task. `nextRun` is authoritative: it is saved after every run, pause,
 * resume, trigger and reload, and a restart continues from it.
 *
 * @example
 * ```ts
 * const state: TaskState = newTaskState({ taskId: "daily", actorName: "poster", nextRun: new Date("2026-01-01T09:00:00Z") });
 * ```
 */
export interface TaskState {
  taskId: string;
  actorName: string;
  /** When the last slot ran (its scheduled instant), or null. */
  lastRun: Date | null;
  /** The next slot, or null when the task will not run again (completed `once`, inactive). */
  nextRun: Date | null;
  consecutiveFailures: number;
  paused: boolean;
  pauseReason: PauseReason | null;
  /** A `once` task that succeeded. It never fires again. */
  completed: boolean;
  /** False when the task is no longer in the configuration; its state and history are kept. */
  active: boolean;
  /** A fingerprint of the schedule `nextRun` was computed from; a change triggers a recompute. */
  scheduleKey: string | null;
  /** Free-form data (interval anchor, last error...). JSON-serialisable. */
  metadata: Record<string, unknown>;
  /** Bumped on every save; see `SaveTaskOptions.expectedVersion`. */
  version: number;
  updatedAt: Date;
}

/** A view of a task for control surfaces: its state plus what only the live server knows. */
export interface TaskStatus extends TaskState {
  /** A run of this task is in progress in this process. */
  running: boolean;
  /** A human description of the schedule ("at 09:00 every day in UTC"). */
  schedule: string;
}

/** Builds a fresh task state with defaults for everything not given. */
export function newTaskState(
  init: Pick<TaskState, "taskId" | "actorName"> & Partial<TaskState>,
): TaskState {
  return {
    lastRun: null,
    nextRun: null,
    consecutiveFailures: 0,
    paused: false,
    pauseReason: null,
    completed: false,
    active: true,
    scheduleKey: null,
    metadata: {},
    version: 0,
    updatedAt: new Date(0),
    ...init,
  };
}
