import { ActorError, type ActorErrorCode } from "../errors.js";
import type {
  ExecutionOutcome,
  ExecutionRecord,
  ExecutionStatus,
  HistoryQuery,
  NewExecution,
  PrunePolicy,
} from "../execution.js";
import { cloneData, keepOrClone } from "./clone.js";

/** The numbers of a row, in one `Float64Array` (row-major, {@link WIDTH} per row). */
const SEQ = 0;
const SCHEDULED_FOR = 1;
const STARTED_AT = 2;
const COMPLETED_AT = 3; // NaN while running
const ATTEMPT = 4;
const SUCCEEDED = 5;
const FAILED = 6;
const SKIPPED = 7;
const WIDTH = 8;

/**
 * The memory store's execution log, kept in columns: every number of every record in one
 * `Float64Array`, the references (task, actor, status, error, instance, metadata) in one array
 * each. Records are rows in id order (ids are sequence numbers, given out in order), found by
 * binary search. The log is the one structure of the store that grows with every run; in columns
 * a run adds no object of its own (equal metadata is shared), so a log of a million runs costs the
 * garbage collector next to nothing, where a million record objects would be copied by every
 * young-generation collection they live through.
 */
export class MemoryExecutionLog {
  #size = 0;
  #nextSeq = 1;
  #numbers = new Float64Array(64 * WIDTH);
  #taskId: string[] = [];
  #actorName: string[] = [];
  #status: ExecutionStatus[] = [];
  #errorCode: (ActorErrorCode | null)[] = [];
  #errorMessage: (string | null)[] = [];
  #instanceId: string[] = [];
  /** Stored metadata; equal metadata of consecutive records is one shared object, never changed. */
  #metadata: Record<string, unknown>[] = [];

  start(execution: NewExecution): ExecutionRecord {
    checkExecution(execution);
    const previous = this.#metadata[this.#size - 1];
    const given = execution.metadata ?? {};
    // Copied first: invalid metadata (a cycle, say) adds nothing.
    const metadata = keepOrClone(given, previous);
    const row = this.#size;
    if ((row + 1) * WIDTH > this.#numbers.length) this.#grow();
    const n = this.#numbers;
    const at = row * WIDTH;
    n[at + SEQ] = this.#nextSeq++;
    n[at + SCHEDULED_FOR] = execution.scheduledFor.getTime();
    n[at + STARTED_AT] = execution.startedAt.getTime();
    n[at + COMPLETED_AT] = execution.completedAt ? execution.completedAt.getTime() : Number.NaN;
    n[at + ATTEMPT] = execution.attempt;
    n[at + SUCCEEDED] = execution.skillsSucceeded ?? 0;
    n[at + FAILED] = execution.skillsFailed ?? 0;
    n[at + SKIPPED] = execution.skillsSkipped ?? 0;
    this.#taskId.push(execution.taskId);
    this.#actorName.push(execution.actorName);
    this.#status.push(execution.status ?? "running");
    this.#errorCode.push(execution.errorCode ?? null);
    this.#errorMessage.push(execution.errorMessage ?? null);
    this.#instanceId.push(execution.instanceId);
    this.#metadata.push(metadata);
    this.#size++;
    return this.#load(row);
  }

  finish(id: string, outcome: ExecutionOutcome): ExecutionRecord {
    const row = this.#find(id);
    if (row < 0) throw new ActorError("not-found", `no execution with id ${id}`);
    const status = this.#status[row]!;
    if (status !== "running") {
      throw new ActorError("invalid-state", `execution ${id} already finished as ${status}`, {
        context: { taskId: this.#taskId[row]! },
      });
    }
    // Copied before anything changes, so invalid metadata leaves the record as it was.
    const metadata = outcome.metadata === undefined ? undefined : cloneData(outcome.metadata);
    const n = this.#numbers;
    const at = row * WIDTH;
    this.#status[row] = outcome.status;
    if (outcome.completedAt !== undefined) n[at + COMPLETED_AT] = outcome.completedAt.getTime();
    if (outcome.errorCode !== undefined) this.#errorCode[row] = outcome.errorCode;
    if (outcome.errorMessage !== undefined) this.#errorMessage[row] = outcome.errorMessage;
    if (outcome.skillsSucceeded !== undefined) n[at + SUCCEEDED] = outcome.skillsSucceeded;
    if (outcome.skillsFailed !== undefined) n[at + FAILED] = outcome.skillsFailed;
    if (outcome.skillsSkipped !== undefined) n[at + SKIPPED] = outcome.skillsSkipped;
    // Stored metadata may be shared between records: replaced, never changed in place.
    if (metadata !== undefined && hasKeys(metadata))
      this.#metadata[row] = { ...this.#metadata[row], ...metadata };
    return this.#load(row);
  }

  history(taskId: string, query: HistoryQuery = {}): ExecutionRecord[] {
    const limit = Math.max(0, query.limit ?? 50);
    const before = query.before?.getTime() ?? Number.POSITIVE_INFINITY;
    const rows: number[] = [];
    for (let row = 0; row < this.#size; row++) {
      if (this.#taskId[row] === taskId && this.#number(row, STARTED_AT) < before) rows.push(row);
    }
    return rows
      .sort(this.#newestFirst)
      .slice(0, limit)
      .map((row) => this.#load(row));
  }

  running(): ExecutionRecord[] {
    const rows: number[] = [];
    for (let row = 0; row < this.#size; row++) if (this.#status[row] === "running") rows.push(row);
    return rows.sort((a, b) => this.#newestFirst(b, a)).map((row) => this.#load(row));
  }

  prune(policy: PrunePolicy): number {
    const doomed = new Uint8Array(this.#size);
    const olderThan = policy.olderThan?.getTime();
    const byTask = new Map<string, number[]>();
    for (let row = 0; row < this.#size; row++) {
      if (this.#status[row] === "running") continue;
      if (olderThan !== undefined && this.#number(row, STARTED_AT) < olderThan) doomed[row] = 1;
      const rows = byTask.get(this.#taskId[row]!);
      if (rows) rows.push(row);
      else byTask.set(this.#taskId[row]!, [row]);
    }
    if (policy.maxPerTask !== undefined) {
      const keep = Math.max(0, policy.maxPerTask);
      for (const rows of byTask.values()) {
        if (rows.length <= keep) continue;
        rows.sort(this.#newestFirst);
        for (let i = keep; i < rows.length; i++) doomed[rows[i]!] = 1;
      }
    }
    return this.#compact(doomed);
  }

  #number(row: number, field: number): number {
    return this.#numbers[row * WIDTH + field]!;
  }

  /** Newest `startedAt` first, then the later id. */
  readonly #newestFirst = (a: number, b: number): number =>
    this.#number(b, STARTED_AT) - this.#number(a, STARTED_AT) ||
    this.#number(b, SEQ) - this.#number(a, SEQ);

  /** The row of `id` (the decimal sequence number `start` gave out), or -1. */
  #find(id: string): number {
    const seq = Number(id);
    if (!Number.isSafeInteger(seq) || String(seq) !== id) return -1;
    let lo = 0;
    let hi = this.#size - 1;
    // Most lookups are of a recent record: look at the end first.
    if (hi >= 0 && this.#number(hi, SEQ) === seq) return hi;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.#number(mid, SEQ);
      if (at === seq) return mid;
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A fresh {@link ExecutionRecord} of `row` for a caller. */
  #load(row: number): ExecutionRecord {
    const n = this.#numbers;
    const at = row * WIDTH;
    const completedAt = n[at + COMPLETED_AT]!;
    return {
      id: String(n[at + SEQ]),
      taskId: this.#taskId[row]!,
      actorName: this.#actorName[row]!,
      scheduledFor: new Date(n[at + SCHEDULED_FOR]!),
      startedAt: new Date(n[at + STARTED_AT]!),
      completedAt: Number.isNaN(completedAt) ? null : new Date(completedAt),
      status: this.#status[row]!,
      attempt: n[at + ATTEMPT]!,
      errorCode: this.#errorCode[row]!,
      errorMessage: this.#errorMessage[row]!,
      skillsSucceeded: n[at + SUCCEEDED]!,
      skillsFailed: n[at + FAILED]!,
      skillsSkipped: n[at + SKIPPED]!,
      instanceId: this.#instanceId[row]!,
      metadata: cloneData(this.#metadata[row]!),
    };
  }

  #grow(): void {
    const bigger = new Float64Array(this.#numbers.length * 2);
    bigger.set(this.#numbers);
    this.#numbers = bigger;
  }

  /** Drops the rows flagged in `doomed`, keeping the others in order; returns how many went. */
  #compact(doomed: Uint8Array): number {
    const n = this.#numbers;
    const columns = [
      this.#taskId,
      this.#actorName,
      this.#status,
      this.#errorCode,
      this.#errorMessage,
      this.#instanceId,
      this.#metadata,
    ] as unknown[][];
    let kept = 0;
    for (let row = 0; row < this.#size; row++) {
      if (doomed[row]) continue;
      if (kept !== row) {
        n.copyWithin(kept * WIDTH, row * WIDTH, (row + 1) * WIDTH);
        for (const column of columns) column[kept] = column[row];
      }
      kept++;
    }
    const removed = this.#size - kept;
    for (const column of columns) column.length = kept;
    this.#size = kept;
    return removed;
  }
}

function hasKeys(data: Record<string, unknown>): boolean {
  for (const key in data) if (Object.hasOwn(data, key)) return true;
  return false;
}

/**
 * A new record's instants and counts, checked before anything is stored: an Invalid Date or a
 * count that is not a whole number is a `validation` error naming the field (a record with an
 * Invalid Date slot could never be matched, listed in order or pruned).
 */
function checkExecution(e: NewExecution): void {
  for (const name of ["scheduledFor", "startedAt"] as const) {
    const at = e[name];
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw invalidField(e, name, `a valid Date, not ${String(at)}`);
  }
  const done = e.completedAt;
  if (done != null && (!(done instanceof Date) || Number.isNaN(done.getTime())))
    throw invalidField(e, "completedAt", `a valid Date or null, not ${String(done)}`);
  for (const name of ["attempt", "skillsSucceeded", "skillsFailed", "skillsSkipped"] as const) {
    const n = e[name];
    if (n !== undefined && !Number.isSafeInteger(n))
      throw invalidField(e, name, `a whole number, not ${String(n)}`);
  }
}

/** The `validation` error of field `name` of a new record (built only when a check fails). */
function invalidField(e: NewExecution, name: string, what: string): ActorError {
  return new ActorError(
    "validation",
    `execution of task ${String(e.taskId)}: ${name} must be ${what}`,
    {
      context: { taskId: String(e.taskId) },
    },
  );
}
