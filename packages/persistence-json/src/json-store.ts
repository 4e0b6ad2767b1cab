import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
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
  type TaskLeaser,
  type TaskState,
} from "@actor/core";
import {
  encodeExecution,
  encodeInstanceSlot,
  encodePost,
  encodeRemoval,
  encodeTask,
} from "./codec.js";
import { DataFiles } from "./files.js";
import { fsCall } from "./fs-calls.js";
import { createJournal, removeGenerationsBefore, writeSnapshot } from "./generation.js";
import { instanceOf, liveIncarnationError, storedInstance } from "./instances.js";
import { Journal } from "./journal.js";
import { LockFile } from "./lock-file.js";
import {
  DEFAULT_JSON_STORE_OPTIONS,
  type JsonStoreOptions,
  type ResolvedJsonStoreOptions,
} from "./options.js";
import { historyOf, postsOf, prunable, runningOf } from "./queries.js";
import { loadDirectory } from "./recovery.js";
import type { StoreState } from "./state.js";
import { executionOf, postOf, taskOf, type StoredInstanceSlot } from "./stored.js";
import { finishedExecution, storedExecution, storedPost, storedTask } from "./to-stored.js";
import { instantOf } from "./validate.js";

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
  /** Journal writes, each followed by one `fdatasync`. */
  batches: number;
  /** Entries written (a run writes three: its record's start and finish, and the task state). */
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
 * file. Every change is on disk (written and `fdatasync`ed) before its promise resolves; reads are
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
  #compacting: Promise<void> | null = null;
  #compactions = 0;
  #closing: Promise<void> | null = null;

  private constructor(
    state: StoreState,
    journal: Journal,
    lock: LockFile,
    files: DataFiles,
    options: ResolvedJsonStoreOptions,
    generation: number,
  ) {
    this.#state = state;
    this.#journal = journal;
    this.#lock = lock;
    this.#files = files;
    this.#options = options;
    this.#clock = options.clock;
    this.#generation = generation;
    this.#snapshotBytes = 0;
    journal.onBatch = (bytes) => this.#maybeCompact(bytes);
  }

  /**
   * Opens (or creates) the data directory: takes the lock, loads the newest good snapshot and the
   * journals after it, and starts a new generation (a fresh snapshot and journal).
   * Throws `ActorError("conflict")` when another live process holds the lock, and
   * `ActorError("corrupt-state")` naming the file and line when the data cannot be loaded safely.
   */
  static async open(options: JsonStoreOptions = {}): Promise<JsonStatePersistence> {
    const resolved: ResolvedJsonStoreOptions = { ...DEFAULT_JSON_STORE_OPTIONS };
    for (const [key, value] of Object.entries(options))
      if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
    resolved.host ||= hostname();
    if (!Number.isFinite(resolved.compactAfterBytes) || resolved.compactAfterBytes <= 0)
      throw new ActorError(
        "invalid-config",
        `JsonStatePersistence: compactAfterBytes must be a number > 0, got ${String(resolved.compactAfterBytes)}`,
        { context: { key: "compactAfterBytes" } },
      );
    const directory = resolve(resolved.directory);
    try {
      await mkdir(directory, { recursive: true });
    } catch (error) {
      throw new ActorError(
        "unavailable",
        `cannot create the data directory ${directory}: ${(error as Error).message}`,
        { cause: error, context: { file: directory } },
      );
    }
    const files = new DataFiles(directory);
    const lock = await LockFile.acquire(files.lock, resolved.host, resolved.logger);
    try {
      const now = resolved.clock.now();
      const loaded = await loadDirectory(files, resolved.logger, resolved.repair, now);
      const resume = loaded.resumable;
      if (resume && resume.end < Math.max(resolved.compactAfterBytes, 2 * resume.snapshotBytes)) {
        // Go on appending to the journal (its torn tail, if any, cut off first).
        const fd = await fsCall.open(resume.path, "r+");
        await fsCall.truncate(fd, resume.end);
        await fsCall.fsync(fd);
        await fsCall.close(fd);
        const journal = new Journal(await fsCall.open(resume.path, "a"), resume.path, resume.end);
        const store = new JsonStatePersistence(
          loaded.state,
          journal,
          lock,
          files,
          resolved,
          loaded.last,
        );
        store.#snapshotBytes = resume.snapshotBytes;
        return store;
      }
      // Otherwise start a new generation: a fresh journal and a snapshot of what was loaded.
      const generation = loaded.last + 1;
      const created = await createJournal(files, generation);
      const journal = new Journal(created.fd, created.path, created.bytes);
      const store = new JsonStatePersistence(
        loaded.state,
        journal,
        lock,
        files,
        resolved,
        generation,
      );
      store.#snapshotBytes = await writeSnapshot(files, generation, loaded.state, now);
      await removeGenerationsBefore(files, loaded.base === 0 ? generation : loaded.base);
      return store;
    } catch (error) {
      await lock.release().catch(() => {});
      throw ActorError.from(error, { file: directory });
    }
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
   * Counters since open: journal batches (one write + one `fdatasync` each), the lines they held,
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
        `task ${state.taskId} is at version ${version}, not ${options.expectedVersion}`,
        { context: { taskId: state.taskId } },
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
    const seq = Number(id);
    const held = String(seq) === id ? this.#state.executions.get(seq) : undefined;
    if (!held) throw new ActorError("not-found", `no execution with id ${id}`);
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
   * Records a server incarnation. Throws `ActorError("conflict")` naming the other pid and host
   * when another incarnation of the same instance id is still live (`expiresAt` after this record's
   * `heartbeatAt`); returns the incarnation it follows (the live one it replaces, or the last one
   * that stopped).
   */
  async registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    this.#writable();
    const wanted = storedInstance(record);
    const slot = this.#state.instances.get(wanted.instanceId);
    const held = slot?.current ?? null;
    if (held && held.incarnation !== wanted.incarnation && held.expiresAt > wanted.heartbeatAt) {
      await this.#journal.barrier();
      throw liveIncarnationError(held);
    }
    const previous = held && held.incarnation !== wanted.incarnation ? held : (slot?.last ?? null);
    await this.#putInstance({ instanceId: wanted.instanceId, current: wanted, last: previous });
    return { previous: previous && instanceOf(previous) };
  }

  /** Extends this incarnation's registration; false when it is no longer registered. */
  async renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    this.#writable();
    const slot = this.#state.instances.get(instanceId);
    const held = slot?.current;
    if (!slot || !held || held.incarnation !== incarnation) {
      await this.#journal.barrier();
      return false;
    }
    const current = {
      ...held,
      heartbeatAt: instantOf(heartbeatAt, `instance ${instanceId}: heartbeatAt`),
      expiresAt: instantOf(expiresAt, `instance ${instanceId}: expiresAt`),
    };
    await this.#putInstance({ ...slot, current });
    return true;
  }

  /** Removes this incarnation's registration (a clean stop); nothing happens for another one. */
  async unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    this.#writable();
    const slot = this.#state.instances.get(instanceId);
    if (!slot?.current || slot.current.incarnation !== incarnation) return this.#journal.barrier();
    await this.#putInstance({ instanceId, current: null, last: slot.current });
  }

  #putInstance(slot: StoredInstanceSlot): Promise<void> {
    this.#state.instances.set(slot.instanceId, slot);
    return this.#journal.append(encodeInstanceSlot(slot));
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
    );
  }

  /** Waits for queued writes and a running compaction, closes the journal and releases the lock. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#journal.idle();
      await this.#compacting;
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
    this.#writable();
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

  #writable(): void {
    if (this.#closing)
      throw new ActorError("invalid-state", `the store at ${this.#files.directory} is closed`);
    const failure = this.#journal.failure;
    if (failure) throw failure;
  }
}
