import {
  ActorError,
  FINAL_EXECUTION_STATUSES,
  type ExecutionOutcome,
  type NewExecution,
  type PostRecord,
  type TaskState,
} from "@actor/core";
import type { StoredExecution, StoredPost, StoredTask } from "./stored.js";
import {
  booleanOf,
  instantOf,
  jsonObjectOf,
  jsonOf,
  numberOf,
  optionalInstantOf,
  stringOf,
} from "./validate.js";

/**
 * The stored copy of a task state, checked field by field: everything in it survives JSON and a
 * reload unchanged. Throws `ActorError("validation")` naming the task and the field.
 */
export function storedTask(state: TaskState, version: number, updatedAt: number): StoredTask {
  requireObject(state, "saveTask: the task state");
  const taskId = stringOf(state.taskId, "TaskState.taskId");
  const ctx = { taskId };
  const pauseReason = state.pauseReason;
  if (pauseReason !== null && pauseReason !== "manual" && pauseReason !== "circuit-open")
    throw new ActorError(
      "validation",
      `task ${taskId}: pauseReason must be "manual", "circuit-open" or null`,
      { context: ctx },
    );
  const scheduleKey = state.scheduleKey;
  if (scheduleKey !== null) stringOf(scheduleKey, `task ${taskId}: scheduleKey`, ctx);
  return {
    taskId,
    actorName: stringOf(state.actorName, `task ${taskId}: actorName`, ctx),
    lastRun: optionalInstantOf(state.lastRun, `task ${taskId}: lastRun`, ctx),
    nextRun: optionalInstantOf(state.nextRun, `task ${taskId}: nextRun`, ctx),
    consecutiveFailures: numberOf(
      state.consecutiveFailures,
      `task ${taskId}: consecutiveFailures`,
      ctx,
    ),
    paused: booleanOf(state.paused, `task ${taskId}: paused`, ctx),
    pauseReason,
    completed: booleanOf(state.completed, `task ${taskId}: completed`, ctx),
    active: booleanOf(state.active, `task ${taskId}: active`, ctx),
    scheduleKey,
    version,
    updatedAt,
    metadata: jsonObjectOf(state.metadata, `task ${taskId}: metadata`, ctx),
  };
}

const FINAL = new Set<string>(FINAL_EXECUTION_STATUSES);

/** The stored copy of a new execution with id `id`. */
export function storedExecution(e: NewExecution, id: number): StoredExecution {
  requireObject(e, "start: the execution");
  const taskId = stringOf(e.taskId, "execution taskId");
  const ctx = { taskId };
  const status = e.status ?? "running";
  if (status !== "running" && !FINAL.has(status))
    throw new ActorError(
      "validation",
      `execution of task ${taskId}: unknown status ${String(status)}`,
      { context: ctx },
    );
  return {
    id,
    taskId,
    actorName: stringOf(e.actorName, `execution of task ${taskId}: actorName`, ctx),
    scheduledFor: instantOf(e.scheduledFor, `execution of task ${taskId}: scheduledFor`, ctx),
    startedAt: instantOf(e.startedAt, `execution of task ${taskId}: startedAt`, ctx),
    completedAt: optionalInstantOf(e.completedAt, `execution of task ${taskId}: completedAt`, ctx),
    status,
    attempt: numberOf(e.attempt, `execution of task ${taskId}: attempt`, ctx),
    errorCode: e.errorCode ?? null,
    errorMessage: e.errorMessage ?? null,
    skillsSucceeded: numberOf(
      e.skillsSucceeded ?? 0,
      `execution of task ${taskId}: skillsSucceeded`,
      ctx,
    ),
    skillsFailed: numberOf(e.skillsFailed ?? 0, `execution of task ${taskId}: skillsFailed`, ctx),
    skillsSkipped: numberOf(
      e.skillsSkipped ?? 0,
      `execution of task ${taskId}: skillsSkipped`,
      ctx,
    ),
    instanceId: stringOf(e.instanceId, `execution of task ${taskId}: instanceId`, ctx),
    metadata: jsonObjectOf(e.metadata ?? {}, `execution of task ${taskId}: metadata`, ctx),
  };
}

/** `held` closed with `outcome`: a new stored record (the held one is not changed). */
export function finishedExecution(
  held: StoredExecution,
  outcome: ExecutionOutcome,
): StoredExecution {
  requireObject(outcome, `finish of execution ${held.id}: the outcome`);
  const ctx = { taskId: held.taskId };
  const what = `finish of execution ${held.id}`;
  if (!FINAL.has(outcome.status))
    throw new ActorError(
      "validation",
      `${what}: status must be a final status, got ${String(outcome.status)}`,
      { context: ctx },
    );
  let metadata = held.metadata;
  if (outcome.metadata !== undefined) {
    const added = jsonObjectOf(outcome.metadata, `${what}: metadata`, ctx);
    if (added !== "{}")
      metadata =
        held.metadata === "{}"
          ? added
          : jsonOf(
              { ...(JSON.parse(held.metadata) as object), ...(JSON.parse(added) as object) },
              what,
              ctx,
            );
  }
  const count = (v: number | undefined, field: string, was: number) =>
    v === undefined ? was : numberOf(v, `${what}: ${field}`, ctx);
  return {
    ...held,
    status: outcome.status,
    completedAt:
      outcome.completedAt === undefined
        ? held.completedAt
        : instantOf(outcome.completedAt, `${what}: completedAt`, ctx),
    errorCode: outcome.errorCode === undefined ? held.errorCode : outcome.errorCode,
    errorMessage: outcome.errorMessage === undefined ? held.errorMessage : outcome.errorMessage,
    skillsSucceeded: count(outcome.skillsSucceeded, "skillsSucceeded", held.skillsSucceeded),
    skillsFailed: count(outcome.skillsFailed, "skillsFailed", held.skillsFailed),
    skillsSkipped: count(outcome.skillsSkipped, "skillsSkipped", held.skillsSkipped),
    metadata,
  };
}

/** The stored copy of a post record. */
export function storedPost(p: PostRecord): StoredPost {
  requireObject(p, "recordPost: the post record");
  const key = stringOf(p.idempotencyKey, "post idempotencyKey");
  const ctx = { key };
  const what = `post ${key}`;
  if (!Array.isArray(p.messageIds) || !p.messageIds.every((id) => typeof id === "string"))
    throw new ActorError("validation", `${what}: messageIds must be an array of strings`, {
      context: ctx,
    });
  const contentId = p.contentId;
  if (contentId !== null) stringOf(contentId, `${what}: contentId`, ctx);
  return {
    idempotencyKey: key,
    taskId: stringOf(p.taskId, `${what}: taskId`, ctx),
    actorName: stringOf(p.actorName, `${what}: actorName`, ctx),
    platform: stringOf(p.platform, `${what}: platform`, ctx),
    destination: stringOf(p.destination, `${what}: destination`, ctx),
    contentId,
    messageIds: JSON.stringify(p.messageIds),
    postedAt: instantOf(p.postedAt, `${what}: postedAt`, ctx),
    metadata: jsonObjectOf(p.metadata, `${what}: metadata`, ctx),
  };
}

function requireObject(value: unknown, what: string): void {
  if (value === null || typeof value !== "object")
    throw new ActorError("validation", `${what} must be an object, got ${String(value)}`);
}
