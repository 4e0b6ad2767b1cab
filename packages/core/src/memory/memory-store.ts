import { systemClock, type Clock } from "../clock.js";
import { ActorError } from "../errors.js";
import type {
  ExecutionOutcome,
  ExecutionRecord,
  HistoryQuery,
  NewExecution,
  PrunePolicy,
} from "../execution.js";
import type {
  ActorStore,
  LeaserOptions,
  PostQuery,
  PostRecord,
  SaveTaskOptions,
  TaskLeaser,
} from "../persistence.js";
import type { TaskState } from "../task.js";
import { cloneData } from "./clone.js";
import { MemoryLeaser, type LeaseTable } from "./memory-leaser.js";
import { ExecutionTable } from "./execution-table.js";
import {
  loadExecution,
  loadTask,
  storeTask,
  type StoredExecution,
  type StoredTask,
} from "./stored-records.js";

/** Options of {@link MemoryStatePersistence}. */
export interface MemoryStoreOptions {
  /** Stamps `updatedAt`. Default: the system clock. */
  clock?: Clock;
}

/**
 * The in-memory reference {@link ActorStore}: task state, execution log, post history and a
 * single-process leaser. Nothing survives the process; use it for tests and ephemeral bots.
 *
 * @example
 * ```ts
 * const store = new MemoryStatePersistence();
 * await store.saveTask(newTaskState({ taskId: "t", actorName: "a", nextRun: new Date() }));
 * ```
 */
export class MemoryStatePersistence implements ActorStore {
  readonly #clock: Clock;
  readonly #tasks = new Map<string, StoredTask>();
  readonly #executions = new ExecutionTable();
  readonly #posts = new Map<string, PostRecord>();
  readonly #leases: LeaseTable = new Map();

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  // ---- StatePersistence ----

  async loadTask(taskId: string): Promise<TaskState | null> {
    const stored = this.#tasks.get(taskId);
    return stored ? loadTask(stored) : null;
  }

  async listTasks(): Promise<TaskState[]> {
    return [...this.#tasks.values()]
      .sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0))
      .map(loadTask);
  }

  async saveTask(state: TaskState, options: SaveTaskOptions = {}): Promise<TaskState> {
    const current = this.#tasks.get(state.taskId);
    const currentVersion = current?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
      throw new ActorError(
        "conflict",
        `task ${state.taskId} is at version ${currentVersion}, not ${options.expectedVersion}`,
        { context: { taskId: state.taskId } },
      );
    }
    const stored = storeTask(state, currentVersion + 1, this.#clock.now().getTime(), current);
    if (!current) this.#tasks.set(state.taskId, stored);
    return loadTask(stored);
  }

  async deleteTask(taskId: string): Promise<boolean> {
    this.#leases.delete(taskId);
    return this.#tasks.delete(taskId);
  }

  // ---- ExecutionLog ----

  async start(execution: NewExecution): Promise<ExecutionRecord> {
    return loadExecution(this.#executions.add(execution));
  }

  async finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    const record = this.#executions.get(id);
    if (!record) throw new ActorError("not-found", `no execution with id ${id}`);
    if (record.status !== "running") {
      throw new ActorError(
        "invalid-state",
        `execution ${id} already finished as ${record.status}`,
        { context: { taskId: record.taskId } },
      );
    }
    // Copied before anything changes, so invalid metadata leaves the record as it was.
    const metadata = outcome.metadata === undefined ? undefined : cloneData(outcome.metadata);
    record.status = outcome.status;
    if (outcome.completedAt !== undefined) record.completedAt = outcome.completedAt.getTime();
    if (outcome.errorCode !== undefined) record.errorCode = outcome.errorCode;
    if (outcome.errorMessage !== undefined) record.errorMessage = outcome.errorMessage;
    if (outcome.skillsSucceeded !== undefined) record.skillsSucceeded = outcome.skillsSucceeded;
    if (outcome.skillsFailed !== undefined) record.skillsFailed = outcome.skillsFailed;
    if (outcome.skillsSkipped !== undefined) record.skillsSkipped = outcome.skillsSkipped;
    // Stored metadata may be shared between records: replaced, never changed in place.
    if (metadata !== undefined && hasKeys(metadata))
      record.metadata = { ...record.metadata, ...metadata };
    return loadExecution(record);
  }

  async history(taskId: string, query: HistoryQuery = {}): Promise<ExecutionRecord[]> {
    const limit = query.limit ?? 50;
    const before = query.before?.getTime() ?? Number.POSITIVE_INFINITY;
    return this.#executions.all
      .filter((r) => r.taskId === taskId && r.startedAt < before)
      .sort(newestFirst)
      .slice(0, Math.max(0, limit))
      .map(loadExecution);
  }

  async running(): Promise<ExecutionRecord[]> {
    return this.#executions.all
      .filter((r) => r.status === "running")
      .sort((a, b) => -newestFirst(a, b))
      .map(loadExecution);
  }

  async prune(policy: PrunePolicy): Promise<number> {
    const doomed = new Set<StoredExecution>();
    const olderThan = policy.olderThan?.getTime();
    const byTask = new Map<string, StoredExecution[]>();
    for (const r of this.#executions.all) {
      if (r.status === "running") continue;
      if (olderThan !== undefined && r.startedAt < olderThan) doomed.add(r);
      const list = byTask.get(r.taskId) ?? [];
      list.push(r);
      byTask.set(r.taskId, list);
    }
    if (policy.maxPerTask !== undefined) {
      const keep = Math.max(0, policy.maxPerTask);
      for (const list of byTask.values()) {
        list.sort(newestFirst);
        for (const r of list.slice(keep)) doomed.add(r);
      }
    }
    return doomed.size === 0 ? 0 : this.#executions.removeWhere((r) => doomed.has(r));
  }

  // ---- PostHistory ----

  async findPost(idempotencyKey: string): Promise<PostRecord | null> {
    const post = this.#posts.get(idempotencyKey);
    return post ? cloneData(post) : null;
  }

  async recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }> {
    const existing = this.#posts.get(record.idempotencyKey);
    if (existing) return { record: cloneData(existing), created: false };
    this.#posts.set(record.idempotencyKey, cloneData(record));
    return { record: cloneData(record), created: true };
  }

  async posts(query: PostQuery = {}): Promise<PostRecord[]> {
    const since = query.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    return [...this.#posts.values()]
      .filter(
        (p) =>
          (query.taskId === undefined || p.taskId === query.taskId) &&
          (query.actorName === undefined || p.actorName === query.actorName) &&
          (query.destination === undefined || p.destination === query.destination) &&
          p.postedAt.getTime() >= since,
      )
      .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime())
      .slice(0, query.limit ?? Number.POSITIVE_INFINITY)
      .map(cloneData);
  }

  // ---- Leases ----

  leaser(options: LeaserOptions): TaskLeaser {
    return new MemoryLeaser(
      options,
      this.#leases,
      () => this.#tasks.values(),
      (id) => this.#tasks.get(id),
    );
  }

  async close(): Promise<void> {}
}

function hasKeys(data: Record<string, unknown>): boolean {
  for (const key in data) if (Object.hasOwn(data, key)) return true;
  return false;
}

function newestFirst(a: StoredExecution, b: StoredExecution): number {
  return b.startedAt - a.startedAt || b.seq - a.seq;
}
