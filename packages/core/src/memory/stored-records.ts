import type { TaskState } from "../task.js";
import { cloneData, keepOrClone } from "./clone.js";

/**
 * A task state as the memory store keeps it: instants as epoch milliseconds and metadata owned by
 * the store. It is copied field by field on the way in and out, so nothing aliases a caller's
 * objects and the store holds two objects per task instead of five.
 */
export interface StoredTask extends Omit<TaskState, "lastRun" | "nextRun" | "updatedAt"> {
  /** Epoch ms, NaN for none (see {@link msOf}). */
  lastRun: number;
  /** Epoch ms, NaN for none. */
  nextRun: number;
  updatedAt: number;
}

/**
 * An optional instant as epoch ms, NaN for none. Stored instants are always numbers, never null:
 * a field that has only ever held numbers is updated in place, where one that has held null
 * boxes every new number in a fresh heap object.
 */
function msOf(date: Date | null): number {
  return date === null ? Number.NaN : date.getTime();
}

/** The instant {@link msOf} stored, or null. */
function dateOf(ms: number): Date | null {
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * The store's own copy of `state`, with the given version and stamp. With `target` (the task's
 * current stored copy) the fields are written into it, and metadata equal to the stored one keeps
 * the stored copy: a save then leaves no new long-lived object. Nothing is written when `state` cannot be copied.
 */
export function storeTask(
  state: TaskState,
  version: number,
  updatedAt: number,
  target?: StoredTask,
): StoredTask {
  // Unchanged metadata (the usual case: a run changes the task's instants and counters) keeps the
  // store's copy, so a save leaves no new long-lived object behind.
  const metadata = keepOrClone(state.metadata, target?.metadata);
  const lastRun = msOf(state.lastRun);
  const nextRun = msOf(state.nextRun);
  const stored = target ?? ({} as StoredTask);
  stored.taskId = state.taskId;
  stored.actorName = state.actorName;
  stored.lastRun = lastRun;
  stored.nextRun = nextRun;
  stored.consecutiveFailures = state.consecutiveFailures;
  stored.paused = state.paused;
  stored.pauseReason = state.pauseReason;
  stored.completed = state.completed;
  stored.active = state.active;
  stored.scheduleKey = state.scheduleKey;
  stored.metadata = metadata;
  stored.version = version;
  stored.updatedAt = updatedAt;
  return stored;
}

/** A fresh {@link TaskState} for a caller. */
export function loadTask(stored: StoredTask): TaskState {
  return {
    taskId: stored.taskId,
    actorName: stored.actorName,
    lastRun: dateOf(stored.lastRun),
    nextRun: dateOf(stored.nextRun),
    consecutiveFailures: stored.consecutiveFailures,
    paused: stored.paused,
    pauseReason: stored.pauseReason,
    completed: stored.completed,
    active: stored.active,
    scheduleKey: stored.scheduleKey,
    metadata: cloneData(stored.metadata),
    version: stored.version,
    updatedAt: new Date(stored.updatedAt),
  };
}
