import type {
  BegunSlot,
  Lease,
  LeaserOptions,
  SettledSlot,
  SlotBeginning,
  SlotSettlement,
  TaskLeaser,
} from "../persistence.js";
import { ActorError } from "../errors.js";
import type { TaskState } from "../task.js";

/** Lease table shared by all leasers of one memory store. */
export type LeaseTable = Map<string, { owner: string; expiresAt: number }>;

/**
 * What a leaser reads of a task: a {@link TaskState}, or a store's own copy of one that keeps
 * `nextRun` as epoch milliseconds (NaN for none).
 */
export type LeaseCandidate = Pick<TaskState, "taskId" | "active" | "paused" | "completed"> & {
  nextRun: Date | number | null;
};

/**
 * The store's part of `TaskLeaser.begin`, after the leaser has found the task claimable: checks the
 * execution, reads the state and opens the record (or not, see `onlyIfNotRun`), all at once — it
 * must not await, so that no other claim comes between the check and the lease. Throws, having
 * written nothing, for an execution `start` would refuse.
 */
export type OpenSlot = (beginning: SlotBeginning) => Omit<BegunSlot, "lease">;

/** A {@link TaskLeaser} over an in-process lease table. */
export class MemoryLeaser implements TaskLeaser {
  readonly owner: string;
  readonly #ttlMs: number;
  readonly #leases: LeaseTable;
  readonly #tasks: () => Iterable<LeaseCandidate>;
  readonly #task: (taskId: string) => LeaseCandidate | undefined;
  /** Present when the store can end a slot in one step (see `TaskLeaser.settle`). */
  readonly settle?: (settlement: SlotSettlement) => Promise<SettledSlot>;
  /** Present when the store can begin a slot in one step (see `TaskLeaser.begin`). */
  readonly begin?: (beginning: SlotBeginning) => Promise<BegunSlot | null>;

  /**
   * `settleSlot` stores a settlement's record and state in one step (the store's part of
   * `TaskLeaser.settle`); the leaser then gives up the lease. Without it the leaser has no `settle`.
   * `openSlot` is the store's part of `TaskLeaser.begin`; without it the leaser has no `begin`.
   */
  constructor(
    options: LeaserOptions,
    leases: LeaseTable,
    tasks: () => Iterable<LeaseCandidate>,
    task: (taskId: string) => LeaseCandidate | undefined,
    settleSlot?: (settlement: SlotSettlement) => Promise<SettledSlot>,
    openSlot?: OpenSlot,
  ) {
    this.owner = options.owner;
    this.#ttlMs = options.ttlMs;
    this.#leases = leases;
    this.#tasks = tasks;
    this.#task = task;
    if (settleSlot)
      this.settle = async (settlement) => {
        const settled = await settleSlot(settlement);
        this.#releaseOne(settlement.state.taskId);
        return settled;
      };
    if (openSlot)
      this.begin = async (beginning) => {
        const t = instantMs(beginning?.now, "begin now");
        const taskId: unknown = beginning.execution?.taskId;
        if (typeof taskId !== "string")
          throw new ActorError("validation", `begin: the execution's taskId must be a string`);
        const state = this.#task(taskId);
        if (!state || !isRunnable(state) || !this.#free(taskId, t)) return null;
        const opened = openSlot(beginning);
        return { lease: this.#take(taskId, t), state: opened.state, record: opened.record };
      };
  }

  async claimDue(now: Date, limit: number): Promise<Lease[]> {
    const t = instantMs(now, "claimDue now");
    const due = [...this.#tasks()]
      .filter((s) => isRunnable(s) && nextRunMs(s) <= t && this.#free(s.taskId, t))
      .sort((a, b) => nextRunMs(a) - nextRunMs(b) || (a.taskId < b.taskId ? -1 : 1))
      .slice(0, Math.max(0, limit));
    return due.map((s) => this.#take(s.taskId, t));
  }

  async claim(taskIds: readonly string[], now: Date): Promise<Lease[]> {
    const t = instantMs(now, "claim now");
    const won: Lease[] = [];
    for (const id of taskIds) {
      const state = this.#task(id);
      if (state && isRunnable(state) && this.#free(id, t)) won.push(this.#take(id, t));
    }
    return won;
  }

  async renew(taskIds: readonly string[], now: Date): Promise<Lease[]> {
    const t = instantMs(now, "renew now");
    const held: Lease[] = [];
    for (const id of taskIds) {
      const lease = this.#leases.get(id);
      if (lease && lease.owner === this.owner && lease.expiresAt > t) held.push(this.#take(id, t));
    }
    return held;
  }

  async release(taskIds: readonly string[]): Promise<void> {
    for (const id of taskIds) this.#releaseOne(id);
  }

  #releaseOne(id: string): void {
    // Expired in place rather than deleted: the task's next claim reuses the entry, so a run
    // costs the table no delete, insert or new object. `deleteTask` removes the entry.
    const lease = this.#leases.get(id);
    if (lease?.owner === this.owner) lease.expiresAt = Number.NEGATIVE_INFINITY;
  }

  #free(taskId: string, t: number): boolean {
    const lease = this.#leases.get(taskId);
    return !lease || lease.owner === this.owner || lease.expiresAt <= t;
  }

  #take(taskId: string, t: number): Lease {
    // Clamped to the last instant a Date holds: a lease never carries an Invalid Date.
    const expiresAt = Math.min(t + this.#ttlMs, MAX_DATE_MS);
    const held = this.#leases.get(taskId);
    if (held) {
      held.owner = this.owner;
      held.expiresAt = expiresAt;
    } else this.#leases.set(taskId, { owner: this.owner, expiresAt });
    return { taskId, owner: this.owner, expiresAt: new Date(expiresAt) };
  }
}

function isRunnable(state: LeaseCandidate): boolean {
  return state.active && !state.paused && !state.completed;
}

/** The task's next run in epoch ms; +∞ when it has none. */
function nextRunMs(state: LeaseCandidate): number {
  const next = state.nextRun;
  return next === null
    ? Number.POSITIVE_INFINITY
    : typeof next === "number"
      ? Number.isNaN(next)
        ? Number.POSITIVE_INFINITY
        : next
      : next.getTime();
}

/** The last instant a `Date` can hold (ms since the epoch). */
const MAX_DATE_MS = 8.64e15;

/** `now` in ms; an Invalid Date or a non-Date is a `validation` error (a lease must expire). */
function instantMs(now: Date, what: string): number {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(t))
    throw new ActorError("validation", `${what} must be a valid Date, not ${String(now)}`);
  return t;
}
