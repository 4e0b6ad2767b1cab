import type { ExecutionRecord, RunTrigger, TaskState } from "@actor/core";
import type { Schedule } from "@actor/schedule";
import type { ResolvedTask } from "./task-definition.js";

/** The engine's live view of one configured task. */
export interface TaskEntry {
  task: ResolvedTask;
  schedule: Schedule;
  /**
   * The latest state (saved, or being saved). The engine owns this object and updates it in place
   * after each run (its Dates too, with `setTime`): it never hands it out. Stores get a snapshot
   * ({@link snapshotState}), status readers a copy.
   */
  state: TaskState;
  /** `ctx.services` of this task's runs, built once. */
  services: Readonly<Record<string, unknown>>;
  /** The next slot in the due-queue (epoch ms), NaN for none. */
  nextSlotMs: number;
  /** A job of this task is queued or running: a slot coming due now overlaps. */
  busy: boolean;
  /** An attempt of this task is running. */
  running: boolean;
  /** Removed by a reload; a run still in flight finishes, nothing new starts. */
  removed: boolean;
  /**
   * The job waiting in the run pool (a task has at most one: `busy`). The entry itself is what the
   * pool queues, so a waiting job allocates nothing of its own.
   */
  job: QueuedJob;
  /** Position among the tasks whose lease the heartbeat renews; -1 when not running. */
  heartbeatIndex: number;
  /**
   * The slot is ending: its lease is being given up (settle or release). A renewal that finds the
   * lease gone meanwhile is not a lost lease.
   */
  settling: boolean;
}

/** What a task's queued job runs; reset when the job starts. */
export interface QueuedJob {
  /** The slot of a one-slot job (epoch ms, so a waiting job holds no object of its own). */
  slotMs: number;
  /** The slots of a catch-up job of several slots, oldest first; null for a one-slot job. */
  slots: Date[] | null;
  trigger: RunTrigger;
  /** Called with the job's last record (manual triggers wait for it). */
  done: ((record: ExecutionRecord | null) => void) | null;
}

/** An empty {@link QueuedJob}. */
export function noJob(): QueuedJob {
  return { slotMs: Number.NaN, slots: null, trigger: "schedule", done: null };
}

/** Builds the services every run of `task` sees: poster, store, destination, then the task's own. */
export function taskServices(
  task: ResolvedTask,
  shared: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  return Object.freeze({
    ...shared,
    ...(task.destination === undefined ? {} : { destination: task.destination }),
    ...task.extraServices,
  });
}

/**
 * Sets `state[field]` to the instant `ms` (NaN: null), reusing the Date already there: a run then
 * updates the task's long-lived state without allocating long-lived objects.
 */
export function setInstant(state: TaskState, field: "lastRun" | "nextRun", ms: number): void {
  const current = state[field];
  if (Number.isNaN(ms)) state[field] = null;
  else if (current) current.setTime(ms);
  else state[field] = new Date(ms);
}

/** A copy of `state` that shares no mutable object with it (its Dates are new). */
export function snapshotState(state: TaskState): TaskState {
  return {
    ...state,
    lastRun: state.lastRun && new Date(state.lastRun.getTime()),
    nextRun: state.nextRun && new Date(state.nextRun.getTime()),
    updatedAt: new Date(state.updatedAt.getTime()),
  };
}
