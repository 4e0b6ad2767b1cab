import {
  ActorError,
  type ActorErrorCode,
  type ExecutionRecord,
  type ExecutionStatus,
  type PostRecord,
  type TaskState,
} from "@actor/core";

/** A row of `actor_server_state` as selected by the store. */
export interface StateRow {
  task_id: string;
  actor_name: string;
  last_run: Date | null;
  next_run: Date | null;
  consecutive_failures: number;
  is_paused: boolean;
  pause_reason: "manual" | "circuit-open" | null;
  completed: boolean;
  active: boolean;
  schedule_key: string | null;
  metadata: Record<string, unknown>;
  version: number;
  updated_at: Date;
}

/** The columns of a {@link StateRow}, for select lists. */
export const STATE_COLUMNS = [
  "task_id",
  "actor_name",
  "last_run",
  "next_run",
  "consecutive_failures",
  "is_paused",
  "pause_reason",
  "completed",
  "active",
  "schedule_key",
  "metadata",
  "version",
  "updated_at",
] as const;

/** The task a row holds. */
export function taskFromRow(row: StateRow): TaskState {
  return {
    taskId: row.task_id,
    actorName: row.actor_name,
    lastRun: row.last_run,
    nextRun: row.next_run,
    consecutiveFailures: row.consecutive_failures,
    paused: row.is_paused,
    pauseReason: row.pause_reason,
    completed: row.completed,
    active: row.active,
    scheduleKey: row.schedule_key,
    metadata: row.metadata ?? {},
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** A row of `actor_server_executions`. */
export interface ExecutionRow {
  id: string;
  task_id: string;
  actor_name: string;
  scheduled_for: Date;
  started_at: Date;
  completed_at: Date | null;
  status: string;
  attempt: number;
  error_code: string | null;
  error_message: string | null;
  skills_succeeded: number;
  skills_failed: number;
  skills_skipped: number;
  instance_id: string;
  metadata: Record<string, unknown>;
}

/** The columns of an {@link ExecutionRow}. */
export const EXECUTION_COLUMNS = [
  "id",
  "task_id",
  "actor_name",
  "scheduled_for",
  "started_at",
  "completed_at",
  "status",
  "attempt",
  "error_code",
  "error_message",
  "skills_succeeded",
  "skills_failed",
  "skills_skipped",
  "instance_id",
  "metadata",
] as const;

/** The execution record a row holds. */
export function executionFromRow(row: ExecutionRow): ExecutionRecord {
  return {
    id: String(row.id),
    taskId: row.task_id,
    actorName: row.actor_name,
    scheduledFor: row.scheduled_for,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    status: row.status as ExecutionStatus,
    attempt: row.attempt,
    errorCode: row.error_code as ActorErrorCode | null,
    errorMessage: row.error_message,
    skillsSucceeded: row.skills_succeeded,
    skillsFailed: row.skills_failed,
    skillsSkipped: row.skills_skipped,
    instanceId: row.instance_id,
    metadata: row.metadata ?? {},
  };
}

/** A row of `post_history`. */
export interface PostRow {
  idempotency_key: string;
  task_id: string;
  actor_name: string;
  platform: string;
  destination: string;
  content_id: string | null;
  message_ids: string[];
  posted_at: Date;
  metadata: Record<string, unknown>;
}

/** The post record a row holds. */
export function postFromRow(row: PostRow): PostRecord {
  return {
    idempotencyKey: row.idempotency_key,
    taskId: row.task_id,
    actorName: row.actor_name,
    platform: row.platform,
    destination: row.destination,
    contentId: row.content_id,
    messageIds: row.message_ids ?? [],
    postedAt: row.posted_at,
    metadata: row.metadata ?? {},
  };
}

/**
 * `data` as JSON for a `jsonb` column: a cycle, a BigInt or a `\u0000` (which jsonb cannot hold)
 * is a `validation` error naming `what`, raised before anything is sent.
 */
export function jsonOf(data: unknown, what: string, field?: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(data ?? {});
  } catch (error) {
    throw new ActorError(
      "validation",
      `${named(what, field)} is not JSON-serialisable: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (text === undefined) return "{}";
  // JSON.stringify writes a lone surrogate as an escape (`\ud800`–`\udfff`), which jsonb
  // refuses: such strings are stored with U+FFFD in its place, as text columns store them.
  if (mayHoldLoneSurrogate(text) && LONE_SURROGATE_ESCAPE.test(text)) {
    text = JSON.stringify(data ?? {}, (_key, value: unknown) =>
      typeof value === "string" ? wellFormed(value) : value,
    ).replace(LONE_SURROGATE_KEY, "$1\\ufffd");
  }
  if (text.includes("\\u0000")) {
    throw new ActorError(
      "validation",
      `${named(what, field)} contains a \\u0000 character, which PostgreSQL jsonb cannot store`,
    );
  }
  return text;
}

/**
 * Whether JSON text can hold a lone surrogate's escape (or a NUL's): both are escapes `\u…`. On
 * text with few backslashes `includes` finds that two-character string about 25 times faster than
 * the regular expression scans for the escape itself, so the full check runs only on the rare text
 * with an escape of any kind. (Text full of backslashes — JSON nested in JSON — is slow to scan
 * either way; `JsonRows.from` skips the scan for batches built from checked writes.)
 */
export function mayHoldLoneSurrogate(json: string): boolean {
  return json.includes("\\u");
}

/** A `\ud800`–`\udfff` escape: JSON escapes only a lone surrogate (a pair is written as is). */
export const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i;
/** The same escape, as it stays in keys (which the replacer does not see). */
const LONE_SURROGATE_KEY = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi;

/**
 * `text` with each lone surrogate replaced by U+FFFD, as UTF-8 encoding (and so node-pg) would
 * write it: JSON parameters cannot carry a lone surrogate at all.
 */
export function wellFormed(text: string): string {
  return (text as unknown as WellFormedString).toWellFormed();
}

/** `String.prototype.toWellFormed` (ES2024, in every Node.js this package supports). */
interface WellFormedString {
  toWellFormed(): string;
}

/** The earliest instant `timestamptz` holds that is safe to send: 1 January 4713 BC. */
const MIN_INSTANT_MS = Date.UTC(-4712, 0, 1);

/**
 * `date` for a `timestamptz` parameter (a copy). An Invalid Date, a non-Date or an instant before
 * 4713 BC (PostgreSQL's lower bound; every later Date fits) is a `validation` error.
 */
export function instantOf(date: Date, what: string, field?: string): Date {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ActorError(
      "validation",
      `${named(what, field)} must be a valid Date, not ${String(date)}`,
    );
  }
  if (ms < MIN_INSTANT_MS) {
    throw new ActorError(
      "validation",
      `${named(what, field)} ${date.toISOString()} is before 4713 BC, the earliest instant PostgreSQL stores`,
    );
  }
  return new Date(ms);
}

/** {@link instantOf} for an optional instant. */
export function optionalInstantOf(
  date: Date | null | undefined,
  what: string,
  field?: string,
): Date | null {
  return date === null || date === undefined ? null : instantOf(date, what, field);
}

/** `text` for a `text` column that must not hold NUL (PostgreSQL text cannot). */
export function textOf(text: string, what: string, field?: string): string {
  if (typeof text !== "string") {
    throw new ActorError(
      "validation",
      `${named(what, field)} must be a string, not ${typeof text}`,
    );
  }
  if (text.includes("\u0000")) {
    throw new ActorError(
      "validation",
      `${named(what, field)} contains a NUL character, which PostgreSQL text cannot store`,
    );
  }
  return wellFormed(text);
}

/** Free text (an error message) with NUL characters replaced by U+FFFD so it can be stored. */
export function freeTextOf(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return wellFormed(String(text).replaceAll("\u0000", "\uFFFD"));
}

/** A whole number for an `integer` column; anything else is a `validation` error. */
export function intOf(value: number, what: string, field?: string): number {
  if (!Number.isInteger(value) || Math.abs(value) > 2_147_483_647) {
    throw new ActorError(
      "validation",
      `${named(what, field)} must be a whole number within ±2147483647, not ${String(value)}`,
    );
  }
  return value;
}

/**
 * The subject of a validation message: `what`, or `what: field`. Built only when a check fails,
 * so the checks of every write cost no string on the happy path.
 */
function named(what: string, field: string | undefined): string {
  return field === undefined ? what : `${what}: ${field}`;
}
