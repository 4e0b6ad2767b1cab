import { systemClock, type Clock } from "../clock.js";
import { ActorError } from "../errors.js";
import type {
  ExecutionOutcome,
  ExecutionRecord,
  HistoryQuery,
  NewExecution,
  PrunePolicy,
} from "../execution.js";
import type { InstanceRecord } from "../instances.js";
import type {
  ActorStore,
  LeaserOptions,
  PostQuery,
  PostRecord,
  SaveTaskOptions,
  BegunSlot,
  SettledSlot,
  SlotBeginning,
  SlotSettlement,
  TaskLeaser,
} from "../persistence.js";
import type { TaskState } from "../task.js";
import { cloneData } from "./clone.js";
import { MemoryExecutionLog } from "./execution-log.js";
import { MemoryInstanceRegistry } from "./memory-instances.js";
import { MemoryLeaser, type LeaseTable } from "./memory-leaser.js";
import { loadTask, storeTask, type StoredTask } from "./stored-records.js";

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
  readonly #executions = new MemoryExecutionLog();
  readonly #posts = new Map<string, PostRecord>();
  /** The stored posts of each task, in insertion order (posts are never deleted). */
  readonly #postsByTask = new Map<string, PostRecord[]>();
  /** The stored posts of each actor, in insertion order. */
  readonly #postsByActor = new Map<string, PostRecord[]>();
  readonly #leases: LeaseTable = new Map();
  readonly #instances = new MemoryInstanceRegistry();

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
    return this.#executions.start(execution);
  }

  async finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    return this.#executions.finish(id, outcome);
  }

  async history(taskId: string, query: HistoryQuery = {}): Promise<ExecutionRecord[]> {
    return this.#executions.history(taskId, query);
  }

  async running(): Promise<ExecutionRecord[]> {
    return this.#executions.running();
  }

  async prune(policy: PrunePolicy): Promise<number> {
    return this.#executions.prune(policy);
  }

  // ---- PostHistory ----

  async findPost(idempotencyKey: string): Promise<PostRecord | null> {
    const post = this.#posts.get(idempotencyKey);
    return post ? cloneData(post) : null;
  }

  async recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }> {
    const existing = this.#posts.get(record.idempotencyKey);
    if (existing) return { record: cloneData(existing), created: false };
    const stored = cloneData(record);
    this.#posts.set(record.idempotencyKey, stored);
    indexPost(this.#postsByTask, stored.taskId, stored);
    indexPost(this.#postsByActor, stored.actorName, stored);
    return { record: cloneData(record), created: true };
  }

  async posts(query: PostQuery = {}): Promise<PostRecord[]> {
    const since = query.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    return this.#candidatePosts(query)
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

  /**
   * The posts `query` can match, in insertion order: the (shorter) index list when it filters by
   * task or actor, otherwise every post. An index list is the store's own: read it, never change it.
   */
  #candidatePosts(query: PostQuery): readonly PostRecord[] {
    const byTask =
      query.taskId === undefined ? undefined : (this.#postsByTask.get(query.taskId) ?? []);
    const byActor =
      query.actorName === undefined ? undefined : (this.#postsByActor.get(query.actorName) ?? []);
    const list =
      byTask !== undefined && byActor !== undefined
        ? byTask.length <= byActor.length
          ? byTask
          : byActor
        : (byTask ?? byActor);
    return list ?? [...this.#posts.values()];
  }

  // ---- InstanceRegistry ----

  async registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    return this.#instances.registerInstance(record);
  }

  async renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    return this.#instances.renewInstance(instanceId, incarnation, heartbeatAt, expiresAt);
  }

  async unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    return this.#instances.unregisterInstance(instanceId, incarnation);
  }

  // ---- Leases ----

  leaser(options: LeaserOptions): TaskLeaser {
    return new MemoryLeaser(
      options,
      this.#leases,
      () => this.#tasks.values(),
      (id) => this.#tasks.get(id),
      (settlement) => this.#settle(settlement),
      (beginning) => this.#open(beginning),
    );
  }

  /** The store's part of `begin` (the leaser has found the task claimable): read, then open. */
  #open({ execution, onlyIfNotRun }: SlotBeginning): Omit<BegunSlot, "lease"> {
    if ((execution.status ?? "running") !== "running")
      throw new ActorError(
        "validation",
        `begin: the execution of task ${execution.taskId} must be running, not ${String(execution.status)}`,
      );
    const stored = this.#tasks.get(execution.taskId)!;
    const slotMs = execution.scheduledFor instanceof Date ? execution.scheduledFor.getTime() : NaN;
    const ranAlready = onlyIfNotRun && stored.lastRun >= slotMs;
    const record = ranAlready ? null : this.#executions.start(execution);
    return { state: loadTask(stored), record };
  }

  /** `finish` + `saveTask` (the leaser releases): the state is checked first, so a bad one writes nothing. */
  async #settle({ executionId, outcome, state }: SlotSettlement): Promise<SettledSlot> {
    storeTask(state, 0, 0);
    const record = this.#executions.finish(executionId, outcome);
    return { record, state: await this.saveTask(state) };
  }

  async close(): Promise<void> {}
}

/** Appends `record` to the index list of `key`. */
function indexPost(index: Map<string, PostRecord[]>, key: string, record: PostRecord): void {
  const list = index.get(key);
  if (list) list.push(record);
  else index.set(key, [record]);
}
