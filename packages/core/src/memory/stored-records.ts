import type { ExecutionRecord, ExecutionStatus, NewExecution } from "../execution.js";
import type { TaskState } from "../task.js";
import { cloneData, sameData } from "./clone.js";

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
 * An execution record as the memory store keeps it: instants as epoch milliseconds, and the id as
 * its sequence number (the record's `id` is its decimal form).
 */
export interface StoredExecution extends Omit<
  ExecutionRecord,
  "id" | "scheduledFor" | "startedAt" | "completedAt"
> {
  seq: number;
  scheduledFor: number;
  startedAt: number;
  /** Epoch ms, NaN while running. */
  completedAt: number;
}

/**
 * An optional instant as epoch ms, NaN for none. Stored instants are always numbers, never null:
 * a field that has only ever held numbers is updated in place, where one that has held null
 * boxes every new number in a fresh heap object.
 */
export function msOf(date: Date | null): number {
  return date === null ? Number.NaN : date.getTime();
}

/** The instant {@link msOf} stored, or null. */
export function dateOf(ms: number): Date | null {
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
  const metadata =
    target && sameData(state.metadata, target.metadata)
      ? target.metadata
      : cloneData(state.metadata);
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

/** The store's own copy of a new execution, with defaults for the outcome fields. */
export function storeExecution(
  execution: NewExecution,
  seq: number,
  previous?: StoredExecution,
): StoredExecution {
  const status: ExecutionStatus = execution.status ?? "running";
  return {
    seq,
    taskId: execution.taskId,
    actorName: execution.actorName,
    scheduledFor: execution.scheduledFor.getTime(),
    startedAt: execution.startedAt.getTime(),
    completedAt: msOf(execution.completedAt ?? null),
    status,
    attempt: execution.attempt,
    errorCode: execution.errorCode ?? null,
    errorMessage: execution.errorMessage ?? null,
    skillsSucceeded: execution.skillsSucceeded ?? 0,
    skillsFailed: execution.skillsFailed ?? 0,
    skillsSkipped: execution.skillsSkipped ?? 0,
    instanceId: execution.instanceId,
    metadata: storedMetadata(execution.metadata ?? {}, previous?.metadata),
  };
}

/** A fresh {@link ExecutionRecord} for a caller. */
export function loadExecution(stored: StoredExecution): ExecutionRecord {
  return {
    id: String(stored.seq),
    taskId: stored.taskId,
    actorName: stored.actorName,
    scheduledFor: new Date(stored.scheduledFor),
    startedAt: new Date(stored.startedAt),
    completedAt: dateOf(stored.completedAt),
    status: stored.status,
    attempt: stored.attempt,
    errorCode: stored.errorCode,
    errorMessage: stored.errorMessage,
    skillsSucceeded: stored.skillsSucceeded,
    skillsFailed: stored.skillsFailed,
    skillsSkipped: stored.skillsSkipped,
    instanceId: stored.instanceId,
    metadata: cloneData(stored.metadata),
  };
}

/**
 * The store's copy of a new record's metadata. Records share their metadata object when it is
 * equal (every scheduled run's `{ trigger: "schedule" }`, say): stored metadata is never changed
 * in place (`finish` replaces it), so sharing is safe and a log of many runs holds one object.
 */
function storedMetadata(
  metadata: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return previous !== undefined && sameData(metadata, previous) ? previous : cloneData(metadata);
}
