import {
  ActorError,
  MemoryLeaser,
  type ActorStore,
  type Clock,
  type ExecutionOutcome,
  type ExecutionRecord,
  type HistoryQuery,
  type InstanceRecord,
  type LeaserOptions,
  type NewExecution,
  type PostQuery,
  type PostRecord,
  type PrunePolicy,
  type SaveTaskOptions,
  type SettledSlot,
  type SlotSettlement,
  type TaskLeaser,
  type TaskState,
} from "@actor/core";
import { encodeExecution, encodePost, encodeRemoval, encodeTask } from "./codec.js";
import type { DataFiles } from "./files.js";
import { fsCall } from "./fs-calls.js";
import { createJournal, removeGenerationsBefore, writeSnapshot } from "./generation.js";
import { JournaledInstanceRegistry } from "./instance-registry.js";
import type { Journal } from "./journal.js";
import type { LockFile } from "./lock-file.js";
import { openDirectory, type OpenedDirectory } from "./open-directory.js";
import type { JsonStoreOptions, ResolvedJsonStoreOptions } from "./options.js";
import { historyOf, postsOf, prunable, runningOf } from "./queries.js";
import type { StoreState } from "./state.js";
import type { StoredExecution } from "./stored.js";
import { executionOf, postOf, taskOf } from "./stored.js";
import { finishedExecution, storedExecution, storedPost, storedTask } from "./to-stored.js";

/** Where the store's files are and how big they are; see {@link JsonStatePersistence.files}. */
export interface JsonStoreFiles {
  directory: string;
  /** The journal being appended to. */
  journal: string;
  /** The generation being written (its number is in both file names). */
  generation: number;
}

/** Counters of {@link JsonStatePersistence.stats}. */
export interface JsonStoreStats {
  /** Journal writes, each synced to disk (`O_DSYNC`) before the next one. */
  batches: number;
  /** Entries written (a run writes three: its record's start, then its finish with the task state). */
  lines: number;
  /** Bytes appended to journals. */
  bytes: number;
  /** Generations started by compaction (not counting the one `open` starts). */
  compactions: number;
}

/**
 * The embedded {@link ActorStore}: task state, execution log, post history, instance registry and a
 * single-process leaser, kept in memory and made durable in one data directory — an append-only
 * JSON-lines journal written with group commit, compacted into atomic snapshots, guarded by a lock
 * file. Every change is on disk (written and synced) before its promise resolves; reads are
 * answered from memory.
 *
 * @example
 * ```ts
 * const store = await JsonStatePersistence.open({ directory: "./.actor-state" });
 * const server = new ActorServerBuilder().persistence(store).actor(hello, { type: "interval", seconds: 60 }).build();
 * await server.runForever();
 * await store.close();
 * ```
 */
export class JsonStatePersistence implements ActorStore {
  readonly #state: StoreState;
  readonly #journal: Journal;
  readonly #lock: LockFile;
  readonly #files: DataFiles;
  readonly #options: ResolvedJsonStoreOptions;
  readonly #clock: Clock;
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>();
  #generation: number;
  #snapshotBytes: number;
  readonly #instances: JournaledInstanceRegistry;
  #compacting: Promise<void> | null = null;
  #compactions = 0;
  #closing: Promise<void> | null = null;

  private constructor(opened: OpenedDirectory) {
    this.#state = opened.state;
    this.#journal = opened.journal;
    this.#lock = opened.lock;
    this.#files = opened.files;
    this.#options = opened.options;
    this.#clock = opened.options.clock;
    this.#generation = opened.generation;
    this.#snapshotBytes = opened.snapshotBytes;
    this.#instances = new JournaledInstanceRegistry(opened.state, opened.journal);
    opened.journal.onBatch = (bytes) => this.#maybeCompact(bytes);
  }

  /**
   * Opens (or creates) the data directory: takes the lock, loads the newest good snapshot and the
   * journals after it, and goes on appending (or starts a new generation: a fresh snapshot and
   * journal). Throws `ActorError("conflict")` when another live process holds the lock, and
   * `ActorError("corrupt-state")` naming the file and line when the data cannot be loaded safely.
   */
  static async open(options: JsonStoreOptions = {}): Promise<JsonStatePersistence> {
    return new JsonStatePersistence(await openDirectory(options));
  }

  /** The directory, the current journal and generation (for tools and tests). */
  get files(): JsonStoreFiles {
    return {
      directory: this.#files.directory,
      journal: this.#journal.path,
      generation: this.#generation,
    };
  }

  /**
   * Counters since open: journal batches (one synced write each), the lines they held,
   * bytes appended, and compactions (new generations) started.
   */
  stats(): JsonStoreStats {
    const { batches, lines, bytes } = this.#journal.stats;
    return { batches, lines, bytes, compactions: this.#compactions };
  }

  // ---- StatePersistence ----

  async loadTask(taskId: string): Promise<TaskState | null> {
    const held = this.#state.tasks.get(taskId);
    return held ? taskOf(held) : null;
  }

  async listTasks(): Promise<TaskState[]> {
    return [...this.#state.tasks.values()]
      .sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0))
      .map(taskOf);
  }

  async saveTask(state: TaskState, options: SaveTaskOptions = {}): Promise<TaskState> {
    this.#writable();
    const held = this.#state.tasks.get(state?.taskId);
    const version = held?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      await this.#journal.barrier();
      throw new ActorError(
        "conflict",
        `task ${state?.taskId} is at version ${version}, not ${options.expectedVersion}`,
        { context: { taskId: String(state?.taskId) } },
      );
    }
    const stored = storedTask(state, version + 1, this.#clock.now().getTime());
    const result = taskOf(stored);
    this.#state.applyTask(stored);
    await this.#journal.append(encodeTask(stored));
    return result;
  }

  async deleteTask(taskId: string): Promise<boolean> {
    this.#writable();
    this.#leases.delete(taskId);
    if (!this.#state.tasks.delete(taskId)) {
      await this.#journal.barrier();
      return false;
    }
    await this.#journal.append(encodeRemoval("d", taskId));
    return true;
  }

  // ---- ExecutionLog ----

  async start(execution: NewExecution): Promise<ExecutionRecord> {
    this.#writable();
    const stored = storedExecution(execution, this.#state.nextExecutionId);
    const result = executionOf(stored);
    this.#state.applyExecution(stored);
    await this.#journal.append(encodeExecution(stored));
    return result;
  }

  async finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    this.#writable();
    const held = this.#execution(id);
    if (held.status !== "running") {
      await this.#journal.barrier();
      throw new ActorError("invalid-state", `execution ${id} already finished as ${held.status}`, {
        context: { taskId: held.taskId },
      });
    }
    const stored = finishedExecution(held, outcome);
    const result = executionOf(stored);
    this.#state.applyExecution(stored);
    await this.#journal.append(encodeExecution(stored));
    return result;
  }

  async history(taskId: string, query: HistoryQuery = {}): Promise<ExecutionRecord[]> {
    return historyOf(this.#state, taskId, query).map(executionOf);
  }

  async running(): Promise<ExecutionRecord[]> {
    return runningOf(this.#state).map(executionOf);
  }

  async prune(policy: PrunePolicy): Promise<number> {
    this.#writable();
    const ids = prunable(this.#state, policy);
    if (ids.length === 0) return 0;
    this.#state.removeExecutions(ids);
    await this.#journal.append(encodeRemoval("x", ids));
    return ids.length;
  }

  // ---- PostHistory ----

  async findPost(idempotencyKey: string): Promise<PostRecord | null> {
    const held = this.#state.posts.get(idempotencyKey);
    return held ? postOf(held) : null;
  }

  async recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }> {
    this.#writable();
    const held = this.#state.posts.get(record?.idempotencyKey);
    if (held) {
      // The first record may still be on its way to disk: answer once it is there.
      await this.#journal.barrier();
      return { record: postOf(held), created: false };
    }
    const stored = storedPost(record);
    const result = postOf(stored);
    this.#state.applyPost(stored);
    await this.#journal.append(encodePost(stored));
    return { record: result, created: true };
  }

  async posts(query: PostQuery = {}): Promise<PostRecord[]> {
    return postsOf(this.#state, query).map(postOf);
  }

  // ---- Instance registry ----

  /**
   * Records a server incarnation; `ActorError("conflict")` naming the other pid and host while
   * another incarnation of the id is live. See `InstanceRegistry` in `@actor/core`.
   */
  async registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    this.#writable();
    return this.#instances.register(record);
  }

  /** Extends this incarnation's registration; false when it is no longer registered. */
  async renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    this.#writable();
    return this.#instances.renew(instanceId, incarnation, heartbeatAt, expiresAt);
  }

  /** Removes this incarnation's registration (a clean stop); nothing happens for another one. */
  async unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    this.#writable();
    return this.#instances.unregister(instanceId, incarnation);
  }

  // ---- Leases and lifecycle ----

  /** A leaser for this process; leases live in memory (the lock file keeps other processes out). */
  leaser(options: LeaserOptions): TaskLeaser {
    const tasks = this.#state.tasks;
    return new MemoryLeaser(
      options,
      this.#leases,
      () => tasks.values(),
      (id) => tasks.get(id),
      (settlement) => this.#settle(settlement),
    );
  }

  /**
   * The store's part of `TaskLeaser.settle`: the closed record and the saved state go into the
   * journal as two entries of one batch, so a crash keeps both or neither (a batch cut short is
   * dropped whole at load). Both are checked before anything changes.
   */
  async #settle({ executionId, outcome, state }: SlotSettlement): Promise<SettledSlot> {
    this.#writable();
    const held = this.#execution(executionId);
    if (held.status !== "running") {
      await this.#journal.barrier();
      throw new ActorError(
        "invalid-state",
        `execution ${executionId} already finished as ${held.status}`,
        {
          context: { taskId: held.taskId },
        },
      );
    }
    const execution = finishedExecution(held, outcome);
    const version = this.#state.tasks.get(state?.taskId)?.version ?? 0;
    const task = storedTask(state, version + 1, this.#clock.now().getTime());
    const result = { record: executionOf(execution), state: taskOf(task) };
    this.#state.applyExecution(execution);
    this.#state.applyTask(task);
    await this.#journal.append(`${encodeExecution(execution)}\n${encodeTask(task)}`, 2);
    return result;
  }

  /** Waits for queued writes and a running compaction, closes the journal and releases the lock. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#journal.idle();
      await this.#compacting?.catch(() => {});
      await this.#journal.close();
      await this.#lock.release();
    })();
    return this.#closing;
  }

  /**
   * Starts a new generation now: switches to a new journal and writes a snapshot of the state.
   * Runs by itself when the journal grows past `compactAfterBytes` and twice the last snapshot.
   */
  compact(): Promise<void> {
    try {
      this.#writable();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#compacting ??= this.#compact().finally(() => (this.#compacting = null));
    return this.#compacting;
  }

  async #compact(): Promise<void> {
    this.#compactions++;
    const previous = this.#generation;
    const next = previous + 1;
    const created = await createJournal(this.#files, next);
    await this.#journal.between(async () => {
      this.#generation = next;
      const old = this.#journal.switchTo(created.fd, created.path, created.bytes);
      await fsCall.close(old);
    });
    this.#snapshotBytes = await writeSnapshot(this.#files, next, this.#state, this.#clock.now());
    await removeGenerationsBefore(this.#files, previous);
  }

  #maybeCompact(bytes: number): void {
    if (this.#compacting || this.#closing) return;
    if (bytes < this.#options.compactAfterBytes || bytes < 2 * this.#snapshotBytes) return;
    this.compact().catch((error: unknown) =>
      this.#options.logger.error(
        { directory: this.#files.directory, error: (error as Error).message },
        "compaction failed; the journal keeps growing and the state is safe",
      ),
    );
  }

  /** The stored record `id`; `ActorError("not-found")` when there is none. */
  #execution(id: string): StoredExecution {
    const seq = Number(id);
    const held = String(seq) === id ? this.#state.executions.get(seq) : undefined;
    if (!held) throw new ActorError("not-found", `no execution with id ${id}`);
    return held;
  }

  #writable(): void {
    if (this.#closing)
      throw new ActorError("invalid-state", `the store at ${this.#files.directory} is closed`);
    const failure = this.#journal.failure;
    if (failure) throw failure;
  }
}
