import type { ExecutionLog, ExecutionOutcome, ExecutionRecord, NewExecution } from "./execution.js";
import type { InstanceRegistry } from "./instances.js";
import type { TaskState } from "./task.js";

/** Options of `StatePersistence.saveTask`. */
export interface SaveTaskOptions {
  /**
   * Optimistic concurrency: save only if the stored version still equals this (0 = must not exist
   * yet). A mismatch throws `ActorError("conflict")` and changes nothing.
   */
  expectedVersion?: number;
}

/**
 * Task state storage. Implementations return copies: mutating a returned object never changes
 * what is stored.
 *
 * @example
 * ```ts
 * const saved = await store.saveTask(newTaskState({ taskId: "t", actorName: "a", nextRun }));
 * await store.saveTask({ ...saved, paused: true, pauseReason: "manual" }, { expectedVersion: saved.version });
 * ```
 */
export interface StatePersistence {
  loadTask(taskId: string): Promise<TaskState | null>;
  /** Every stored task, ordered by `taskId`. */
  listTasks(): Promise<TaskState[]>;
  /** Upserts the task; returns what was stored (with `version` bumped and `updatedAt` set). */
  saveTask(state: TaskState, options?: SaveTaskOptions): Promise<TaskState>;
  /** Removes the task's state; returns whether it existed. History is kept. */
  deleteTask(taskId: string): Promise<boolean>;
}

/** One successful post, keyed by the slot's idempotency key. */
export interface PostRecord {
  /** `taskId@scheduledFor`. Unique. */
  idempotencyKey: string;
  taskId: string;
  actorName: string;
  platform: string;
  destination: string;
  /** The id of the posted content item when it came from a content queue. */
  contentId: string | null;
  messageIds: string[];
  postedAt: Date;
  metadata: Record<string, unknown>;
}

/** Filters of `PostHistory.posts`. */
export interface PostQuery {
  taskId?: string;
  actorName?: string;
  destination?: string;
  /** Only posts at or after this instant. */
  since?: Date;
  limit?: number;
}

/**
 * What was posted, for de-duplication (`idempotencyKey`), content rotation (`contentId`) and rate
 * limits (counts since an instant).
 */
export interface PostHistory {
  findPost(idempotencyKey: string): Promise<PostRecord | null>;
  /**
   * Records a post. If the key is already recorded, nothing changes and the stored record is
   * returned with `created: false` — the first post of a slot wins.
   */
  recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }>;
  /** Posts matching the query, newest first. */
  posts(query?: PostQuery): Promise<PostRecord[]>;
}

/** A claim on a task held by one owner until `expiresAt`. */
export interface Lease {
  taskId: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Who runs which due task. One process (memory, JSON) holds every lease trivially; PostgreSQL uses
 * `FOR UPDATE SKIP LOCKED` so that each slot runs on exactly one of several instances.
 * A leaser is bound to one owner and a lease duration.
 *
 * @example
 * ```ts
 * const leaser = store.leaser({ owner: "host-1", ttlMs: 30_000 });
 * const leases = await leaser.claimDue(clock.now(), 10);
 * await leaser.renew(leases.map((l) => l.taskId), clock.now());
 * await leaser.release(leases.map((l) => l.taskId));
 * ```
 */
export interface TaskLeaser {
  readonly owner: string;
  /**
   * Claims up to `limit` tasks whose `nextRun <= now` that are active, not paused, not completed,
   * and not leased by another owner (or whose lease expired), in `nextRun` order.
   */
  claimDue(now: Date, limit: number): Promise<Lease[]>;
  /** Claims exactly these tasks if nobody else holds them; returns the leases won. */
  claim(taskIds: readonly string[], now: Date): Promise<Lease[]>;
  /** Extends the leases this owner still holds; returns them. Lost leases are left out. */
  renew(taskIds: readonly string[], now: Date): Promise<Lease[]>;
  /** Gives up this owner's leases on these tasks. */
  release(taskIds: readonly string[]): Promise<void>;
  /**
   * Optional: ends a slot in one atomic step. Closes the running record `executionId` with
   * `outcome` (as `ExecutionLog.finish`), saves `state` (as `saveTask` without `expectedVersion`)
   * and gives up this owner's lease on `state.taskId` (as `release`). Either all three are stored or
   * nothing is: a rejection leaves the record running and the state and lease as they were. Errors
   * are those of `finish` and `saveTask` (`not-found`, `invalid-state` for a record already final,
   * `validation`).
   *
   * The engine calls it, when present, instead of `finish` + `saveTask` + `release` for the last
   * attempt of a slot: a store that answers it in one write (one journal entry, one statement per
   * batch) makes a run cost fewer writes. A store without it gets the three calls.
   */
  settle?(settlement: SlotSettlement): Promise<SettledSlot>;
  /**
   * Optional: begins a slot in one atomic step. Claims `execution.taskId` for this owner (as
   * `claim([taskId], now)`) and, when the claim is won, reads the task's state (as `loadTask`) and
   * opens the `running` record `execution` (as `ExecutionLog.start`). With `onlyIfNotRun`, a task
   * whose stored `lastRun` is at or after `execution.scheduledFor` (its slot was run meanwhile,
   * by another instance) is claimed and read but gets no record.
   *
   * Resolves `null` when the claim is lost: nothing is written. The execution is checked as `start`
   * checks it before anything is written (`validation`). A rejection for any other reason may
   * come after the claim and record were stored (an answer lost in transit): the lease then
   * expires, and the record stays `running` until crash recovery closes it `abandoned`, as for
   * `start`.
   *
   * The engine calls it, when present, instead of `claim` + `loadTask` + `start` for the first
   * attempt of a slot: a store that answers it in one statement saves a round trip and a commit
   * per run. A store without it gets the three calls.
   */
  begin?(beginning: SlotBeginning): Promise<BegunSlot | null>;
}

/** What {@link TaskLeaser.begin} is asked to do. */
export interface SlotBeginning {
  /** The `running` record to open; its `taskId` names the task to claim. */
  execution: NewExecution;
  /** The claim's instant, as for `claim`. */
  now: Date;
  /** Open no record when the stored `lastRun` is at or after `execution.scheduledFor`. */
  onlyIfNotRun: boolean;
}

/** What {@link TaskLeaser.begin} did when its claim was won. */
export interface BegunSlot {
  lease: Lease;
  /** The task's stored state, as the claim read it (`lastRun` before this slot's run). */
  state: TaskState;
  /** The `running` record opened, or null when `onlyIfNotRun` held it back. */
  record: ExecutionRecord | null;
}

/** What {@link TaskLeaser.settle} stores: the outcome of a slot's last attempt and the new state. */
export interface SlotSettlement {
  /** The `running` record of the slot's last attempt. */
  executionId: string;
  outcome: ExecutionOutcome;
  /** The task's state after the slot; its `taskId` names the lease to give up. */
  state: TaskState;
}

/** What {@link TaskLeaser.settle} stored. */
export interface SettledSlot {
  /** The closed record, as `finish` returns it. */
  record: ExecutionRecord;
  /** The stored state, as `saveTask` returns it (`version` bumped, `updatedAt` set). */
  state: TaskState;
}

/** Options for creating a {@link TaskLeaser}. */
export interface LeaserOptions {
  owner: string;
  /** How long a claim lasts without renewal. */
  ttlMs: number;
}

/**
 * Everything the runtime needs from storage, in one object: task state, execution log, post history,
 * instance registrations and leases. Each adapter (memory, JSON file, PostgreSQL) implements this.
 */
export interface ActorStore extends StatePersistence, ExecutionLog, PostHistory, InstanceRegistry {
  /** A leaser bound to `owner`. */
  leaser(options: LeaserOptions): TaskLeaser;
  /** Flushes and releases resources (file handles, pools). Idempotent. */
  close(): Promise<void>;
}
