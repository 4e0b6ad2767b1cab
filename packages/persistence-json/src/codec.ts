import type {
  StoredExecution,
  StoredInstance,
  StoredInstanceSlot,
  StoredPost,
  StoredTask,
} from "./stored.js";

/**
 * One line of a journal or snapshot: the new value of one record (or its removal). Every entry is
 * an absolute value, never a delta, so replaying an entry twice changes nothing — which is what
 * lets a snapshot be taken while writes go on (see `writeSnapshot`).
 */
export type Entry =
  | { op: "t"; task: StoredTask }
  | { op: "d"; taskId: string }
  | { op: "e"; execution: StoredExecution }
  | { op: "x"; ids: number[] }
  | { op: "p"; post: StoredPost }
  | { op: "i"; slot: StoredInstanceSlot };

/** Joins a JSON array without its closing bracket and a raw JSON value. */
const withRaw = (head: unknown[], ...raw: string[]): string =>
  `${JSON.stringify(head).slice(0, -1)},${raw.join(",")}]`;

/** A string (or null) as JSON. */
const str = (v: string | null): string => (v === null ? "null" : JSON.stringify(v));
/** A number as JSON: NaN and ±Infinity are null, as `JSON.stringify` writes them. */
const num = (v: number): string => (Number.isFinite(v) ? `${v}` : "null");

// The two lines every run writes are built by hand: the same text `JSON.stringify` gives for
// the array (a test holds them to it), without the array, the generic walk and the copies.

/** The line of a task upsert (NaN instants are written as null). */
export function encodeTask(t: StoredTask): string {
  return `["t",${str(t.taskId)},${str(t.actorName)},${num(t.lastRun)},${num(t.nextRun)},${num(t.consecutiveFailures)},${t.paused},${str(t.pauseReason)},${t.completed},${t.active},${str(t.scheduleKey)},${num(t.version)},${num(t.updatedAt)},${t.metadata}]`;
}

/** The line of an execution upsert (a start or a finish: the whole record either way). */
export function encodeExecution(e: StoredExecution): string {
  return `["e",${num(e.id)},${str(e.taskId)},${str(e.actorName)},${num(e.scheduledFor)},${num(e.startedAt)},${num(e.completedAt)},${str(e.status)},${num(e.attempt)},${str(e.errorCode)},${str(e.errorMessage)},${num(e.skillsSucceeded)},${num(e.skillsFailed)},${num(e.skillsSkipped)},${str(e.instanceId)},${e.metadata}]`;
}

/** The line of a post record. */
export function encodePost(p: StoredPost): string {
  return withRaw(
    ["p", p.idempotencyKey, p.taskId, p.actorName, p.platform, p.destination, p.contentId],
    p.messageIds,
    String(p.postedAt),
    p.metadata,
  );
}

const instanceFields = (i: StoredInstance | null) =>
  i && [i.incarnation, i.host, i.pid, i.startedAt, i.heartbeatAt, i.expiresAt];

/** The line of an instance id's registrations (after a register, renew or unregister). */
export function encodeInstanceSlot(slot: StoredInstanceSlot): string {
  return JSON.stringify([
    "i",
    slot.instanceId,
    instanceFields(slot.current),
    instanceFields(slot.last),
  ]);
}

/** The line of a removal: a task (`d`) or pruned executions (`x`). */
export function encodeRemoval(op: "d", taskId: string): string;
export function encodeRemoval(op: "x", ids: readonly number[]): string;
export function encodeRemoval(op: "d" | "x", what: string | readonly number[]): string {
  return JSON.stringify(op === "x" ? ["x", ...(what as number[])] : [op, what]);
}
