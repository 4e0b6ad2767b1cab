import {
  ActorError,
  FINAL_EXECUTION_STATUSES,
  type ExecutionOutcome,
  type ExecutionRecord,
  type NewExecution,
  type PostRecord,
  type TaskState,
} from "@actor/core";
import { freeTextOf, instantOf, intOf, jsonOf, optionalInstantOf, textOf } from "./rows.js";
import type { FinishWrite } from "./sql/finish-executions.js";
import type { PostWrite } from "./sql/posts.js";
import type { TaskWrite } from "./sql/save-tasks.js";
import type { ExecutionWrite } from "./sql/start-executions.js";

const STATUSES = new Set<string>(["running", ...FINAL_EXECUTION_STATUSES]);
const PAUSE_REASONS = new Set<unknown>([null, "manual", "circuit-open"]);

/**
 * Checks a task state and turns it into statement parameters: every instant a valid `Date`, every
 * count a whole number, metadata JSON that jsonb can hold. A bad field is a `validation` error
 * naming the task and the field, raised before anything is sent.
 */
export function taskWrite(state: TaskState, updatedAt: Date): TaskWrite {
  const taskId = textOf(state.taskId, "taskId");
  const at = `task ${taskId}`;
  if (!PAUSE_REASONS.has(state.pauseReason)) {
    throw new ActorError(
      "validation",
      `${at}: pauseReason must be null, "manual" or "circuit-open"`,
    );
  }
  return {
    taskId,
    actorName: textOf(state.actorName, at, "actorName"),
    lastRun: optionalInstantOf(state.lastRun, at, "lastRun"),
    nextRun: optionalInstantOf(state.nextRun, at, "nextRun"),
    consecutiveFailures: intOf(state.consecutiveFailures, at, "consecutiveFailures"),
    paused: Boolean(state.paused),
    pauseReason: state.pauseReason,
    completed: Boolean(state.completed),
    active: Boolean(state.active),
    scheduleKey: state.scheduleKey === null ? null : textOf(state.scheduleKey, at, "scheduleKey"),
    metadataJson: jsonOf(state.metadata, at, "metadata"),
    updatedAt,
  };
}

/** The task state a save stored, rebuilt from what was sent (fresh objects throughout). */
export function savedTask(write: TaskWrite, version: number, updatedAt: Date): TaskState {
  return {
    taskId: write.taskId,
    actorName: write.actorName,
    lastRun: write.lastRun && new Date(write.lastRun.getTime()),
    nextRun: write.nextRun && new Date(write.nextRun.getTime()),
    consecutiveFailures: write.consecutiveFailures,
    paused: write.paused,
    pauseReason: write.pauseReason as TaskState["pauseReason"],
    completed: write.completed,
    active: write.active,
    scheduleKey: write.scheduleKey,
    metadata: JSON.parse(write.metadataJson) as Record<string, unknown>,
    version,
    updatedAt: new Date(updatedAt.getTime()),
  };
}

/** Checks a new execution and turns it into statement parameters. */
export function executionWrite(e: NewExecution): ExecutionWrite {
  const taskId = textOf(e.taskId, "execution taskId");
  const at = `execution of task ${taskId}`;
  const status = e.status ?? "running";
  if (!STATUSES.has(status))
    throw new ActorError("validation", `${at}: status ${String(status)} is unknown`);
  return {
    taskId,
    actorName: textOf(e.actorName, at, "actorName"),
    scheduledFor: instantOf(e.scheduledFor, at, "scheduledFor"),
    startedAt: instantOf(e.startedAt, at, "startedAt"),
    completedAt: optionalInstantOf(e.completedAt, at, "completedAt"),
    status,
    attempt: intOf(e.attempt, at, "attempt"),
    errorCode: freeTextOf(e.errorCode),
    errorMessage: freeTextOf(e.errorMessage),
    skillsSucceeded: intOf(e.skillsSucceeded ?? 0, at, "skillsSucceeded"),
    skillsFailed: intOf(e.skillsFailed ?? 0, at, "skillsFailed"),
    skillsSkipped: intOf(e.skillsSkipped ?? 0, at, "skillsSkipped"),
    instanceId: textOf(e.instanceId, at, "instanceId"),
    metadataJson: jsonOf(e.metadata ?? {}, at, "metadata"),
  };
}

/** The record `start` stored, rebuilt from what was sent. */
export function startedRecord(id: string, w: ExecutionWrite): ExecutionRecord {
  return {
    id,
    taskId: w.taskId,
    actorName: w.actorName,
    scheduledFor: new Date(w.scheduledFor.getTime()),
    startedAt: new Date(w.startedAt.getTime()),
    completedAt: w.completedAt && new Date(w.completedAt.getTime()),
    status: w.status as ExecutionRecord["status"],
    attempt: w.attempt,
    errorCode: w.errorCode as ExecutionRecord["errorCode"],
    errorMessage: w.errorMessage,
    skillsSucceeded: w.skillsSucceeded,
    skillsFailed: w.skillsFailed,
    skillsSkipped: w.skillsSkipped,
    instanceId: w.instanceId,
    metadata: JSON.parse(w.metadataJson) as Record<string, unknown>,
  };
}

/** Whether `id` can be an execution id (a positive bigint in decimal). */
export function isExecutionId(id: string): boolean {
  return typeof id === "string" && /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n;
}

/** Checks an outcome and turns it into statement parameters. */
export function finishWrite(id: string, o: ExecutionOutcome): FinishWrite {
  const at = `outcome of execution ${id}`;
  if (o.status === ("running" as string) || !STATUSES.has(o.status)) {
    throw new ActorError(
      "validation",
      `${at}: status must be a final status, not ${String(o.status)}`,
    );
  }
  const count = (n: number | undefined, field: string) =>
    n === undefined ? undefined : intOf(n, at, field);
  return {
    id,
    status: o.status,
    completedAt: instantOf(o.completedAt, at, "completedAt"),
    errorCode: o.errorCode === undefined ? undefined : freeTextOf(o.errorCode),
    errorMessage: o.errorMessage === undefined ? undefined : freeTextOf(o.errorMessage),
    skillsSucceeded: count(o.skillsSucceeded, "skillsSucceeded"),
    skillsFailed: count(o.skillsFailed, "skillsFailed"),
    skillsSkipped: count(o.skillsSkipped, "skillsSkipped"),
    metadataJson: o.metadata === undefined ? null : jsonOf(o.metadata, at, "metadata"),
  };
}

/** Checks a post record and turns it into statement parameters. */
export function postWrite(p: PostRecord): PostWrite {
  const key = textOf(p.idempotencyKey, "post idempotencyKey");
  const at = `post ${key}`;
  return {
    idempotencyKey: key,
    taskId: textOf(p.taskId, at, "taskId"),
    actorName: textOf(p.actorName, at, "actorName"),
    platform: textOf(p.platform, at, "platform"),
    destination: textOf(p.destination, at, "destination"),
    contentId: p.contentId === null ? null : textOf(p.contentId, at, "contentId"),
    messageIdsJson: jsonOf(p.messageIds ?? [], at, "messageIds"),
    postedAt: instantOf(p.postedAt, at, "postedAt"),
    metadataJson: jsonOf(p.metadata ?? {}, at, "metadata"),
  };
}
