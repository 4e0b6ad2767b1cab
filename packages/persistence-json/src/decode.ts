import { ACTOR_ERROR_CODES, FINAL_EXECUTION_STATUSES, type ActorErrorCode } from "@actor/core";
import type { Entry } from "./codec.js";
import type {
  StoredExecution,
  StoredInstance,
  StoredInstanceSlot,
  StoredPost,
  StoredTask,
} from "./stored.js";

/** Why a line could not be read. The loader adds the file and the line number. */
export class LineError extends Error {}

/** Parses one line into an {@link Entry}; throws {@link LineError} saying what is wrong. */
export function decodeEntry(line: string): Entry {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (error) {
    throw new LineError(`not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(v) || typeof v[0] !== "string")
    throw new LineError("not a journal entry (expected a JSON array starting with its kind)");
  const r = new Reader(v);
  switch (v[0]) {
    case "t":
      return { op: "t", task: readTask(r) };
    case "d":
      return { op: "d", taskId: r.str(1) };
    case "e":
      return { op: "e", execution: readExecution(r) };
    case "x":
      return { op: "x", ids: v.slice(1).map((_, i) => r.int(i + 1)) };
    case "p":
      return { op: "p", post: readPost(r) };
    case "i":
      return { op: "i", slot: readInstanceSlot(r) };
    default:
      throw new LineError(`unknown entry kind ${JSON.stringify(v[0])}`);
  }
}

function readTask(r: Reader): StoredTask {
  r.length(14);
  const pauseReason = r.strOrNull(7);
  if (pauseReason !== null && pauseReason !== "manual" && pauseReason !== "circuit-open")
    throw new LineError(`field 7: unknown pause reason ${JSON.stringify(pauseReason)}`);
  return {
    taskId: r.str(1),
    actorName: r.str(2),
    lastRun: r.instant(3),
    nextRun: r.instant(4),
    consecutiveFailures: r.num(5),
    paused: r.bool(6),
    pauseReason,
    completed: r.bool(8),
    active: r.bool(9),
    scheduleKey: r.strOrNull(10),
    version: r.int(11),
    updatedAt: r.num(12),
    metadata: r.object(13),
  };
}

const STATUSES = new Set<string>(["running", ...FINAL_EXECUTION_STATUSES]);

function readExecution(r: Reader): StoredExecution {
  r.length(16);
  const status = r.str(7);
  if (!STATUSES.has(status)) throw new LineError(`field 7: unknown status ${status}`);
  const errorCode = r.strOrNull(9);
  if (errorCode !== null && !Object.hasOwn(ACTOR_ERROR_CODES, errorCode))
    throw new LineError(`field 9: unknown error code ${errorCode}`);
  return {
    id: r.int(1),
    taskId: r.str(2),
    actorName: r.str(3),
    scheduledFor: r.num(4),
    startedAt: r.num(5),
    completedAt: r.instant(6),
    status: status as StoredExecution["status"],
    attempt: r.num(8),
    errorCode: errorCode as ActorErrorCode | null,
    errorMessage: r.strOrNull(10),
    skillsSucceeded: r.num(11),
    skillsFailed: r.num(12),
    skillsSkipped: r.num(13),
    instanceId: r.str(14),
    metadata: r.object(15),
  };
}

function readPost(r: Reader): StoredPost {
  r.length(10);
  const ids = r.raw(7);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))
    throw new LineError("field 7: message ids must be an array of strings");
  return {
    idempotencyKey: r.str(1),
    taskId: r.str(2),
    actorName: r.str(3),
    platform: r.str(4),
    destination: r.str(5),
    contentId: r.strOrNull(6),
    messageIds: JSON.stringify(ids),
    postedAt: r.num(8),
    metadata: r.object(9),
  };
}

function readInstanceSlot(r: Reader): StoredInstanceSlot {
  r.length(4);
  const instanceId = r.str(1);
  const one = (i: number): StoredInstance | null => {
    const v = r.raw(i);
    if (v === null) return null;
    if (!Array.isArray(v)) throw new LineError(`field ${i}: expected a registration or null`);
    const f = new Reader(["i", ...(v as unknown[])]);
    f.length(7);
    return {
      instanceId,
      incarnation: f.str(1),
      host: f.str(2),
      pid: f.int(3),
      startedAt: f.num(4),
      heartbeatAt: f.num(5),
      expiresAt: f.num(6),
    };
  };
  return { instanceId, current: one(2), last: one(3) };
}

/** Typed access to the fields of a decoded line, each failure naming the field. */
class Reader {
  constructor(private readonly v: unknown[]) {}
  length(n: number): void {
    if (this.v.length !== n)
      throw new LineError(
        `a "${String(this.v[0])}" entry has ${n} fields, this one ${this.v.length}`,
      );
  }
  raw(i: number): unknown {
    return this.v[i];
  }
  #bad(i: number, want: string): never {
    throw new LineError(
      `field ${i}: expected ${want}, got ${JSON.stringify(this.v[i]) ?? "nothing"}`,
    );
  }
  str(i: number): string {
    const x = this.v[i];
    return typeof x === "string" ? x : this.#bad(i, "a string");
  }
  strOrNull(i: number): string | null {
    const x = this.v[i];
    return x === null || typeof x === "string" ? x : this.#bad(i, "a string or null");
  }
  num(i: number): number {
    const x = this.v[i];
    return typeof x === "number" && Number.isFinite(x) ? x : this.#bad(i, "a number");
  }
  int(i: number): number {
    const x = this.v[i];
    return Number.isSafeInteger(x) ? (x as number) : this.#bad(i, "an integer");
  }
  instant(i: number): number {
    return this.v[i] === null ? Number.NaN : this.num(i);
  }
  bool(i: number): boolean {
    const x = this.v[i];
    return typeof x === "boolean" ? x : this.#bad(i, "true or false");
  }
  object(i: number): string {
    const x = this.v[i];
    return x !== null && typeof x === "object" && !Array.isArray(x)
      ? JSON.stringify(x)
      : this.#bad(i, "an object");
  }
}
