import {
  ActorError,
  type ActorStore,
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
import { ClaimSnapshots } from "./claim-snapshots.js";
import {
  checkReachable,
  createPool,
  describeConnectionString,
  describePool,
  kyselyOver,
} from "./connection.js";
import type { ActorDatabase } from "./database.js";
import { PostgresInstanceRegistry } from "./instance-registry.js";
import { applyMigrations } from "./migrations/migrate.js";
import {
  resolveStoreOptions,
  validateStoreOptions,
  type PostgresStoreOptions,
  type ResolvedStoreOptions,
} from "./options.js";
import { PostgresLeaser } from "./pg-leaser.js";
import type { PgPoolLike } from "./pool-like.js";
import { withRetry, type RetryPolicy } from "./retry.js";
import { executionFromRow, instantOf, postFromRow, taskFromRow } from "./rows.js";
import { history, pruneExecutions, runningExecutions } from "./sql/history.js";
import { listTasks } from "./sql/load-tasks.js";
import { findPost, insertPost, listPosts } from "./sql/posts.js";
import { deleteTask, saveTaskChecked, storedVersion } from "./sql/save-task-checked.js";
import { StoreBatches } from "./store-batches.js";
import { sqlContext, type SqlContext } from "./tables.js";
import { TaskNotifications, type TaskChange, type Unsubscribe } from "./task-notifications.js";
import {
  executionWrite,
  finishWrite,
  isExecutionId,
  postWrite,
  savedTask,
  startedRecord,
  taskWrite,
} from "./writes.js";

/**
 * The PostgreSQL {@link ActorStore}: task state, execution log, post history and leases in one
 * schema, shared by any number of instances. The calls of many runs in flight are coalesced into
 * one statement per kind (see the package README); nothing is answered before it is committed.
 *
 * @example
 * ```ts
 * const store = await PostgresStatePersistence.open({ connectionString: process.env.DATABASE_URL });
 * const server = new ActorServerBuilder().persistence(store).actor(actor, schedule).build();
 * await server.start();
 * // ...
 * await server.shutdown();
 * await store.close();
 * ```
 */
export class PostgresStatePersistence implements ActorStore {
  /** The schema holding the tables. */
  readonly schema: string;
  readonly #pool: PgPoolLike;
  readonly #ownsPool: boolean;
  readonly #options: ResolvedStoreOptions;
  readonly #ctx: SqlContext;
  readonly #batches: StoreBatches;
  readonly #policy: RetryPolicy;
  readonly #instances: PostgresInstanceRegistry;
  readonly #notifications: TaskNotifications;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #snapshots = new ClaimSnapshots();
  #closed: Promise<void> | null = null;

  private constructor(pool: PgPoolLike, ownsPool: boolean, options: ResolvedStoreOptions) {
    this.schema = options.schema;
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#options = options;
    this.#ctx = sqlContext(
      kyselyOver<ActorDatabase>(pool, options.preparedStatements),
      options.schema,
    );
    this.#batches = new StoreBatches(this.#ctx, options);
    this.#policy = {
      clock: options.clock,
      logger: options.logger,
      retryForMs: options.retryForMs,
      baseDelayMs: options.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs,
    };
    this.#instances = new PostgresInstanceRegistry(this.#ctx, this.#policy);
    this.#notifications = new TaskNotifications(pool, options.schema, options.logger);
  }

  /**
   * Connects (a new pool for `connectionString`, or the caller's `pool`), checks the server answers,
   * and applies pending migrations unless `migrate: false`. An unreachable server, a refused login
   * or a missing database is an `unavailable`/`auth` error naming host, port and database — never
   * the password.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStatePersistence> {
    const resolved = resolveStoreOptions(options);
    validateStoreOptions(resolved);
    let pool: PgPoolLike;
    let target: string;
    if (options.pool) {
      pool = options.pool;
      target = describePool(pool);
    } else if (options.connectionString) {
      const { logger } = resolved;
      pool = createPool(options.connectionString, resolved.poolSize, (error) =>
        logger.warn("PostgreSQL pool: idle connection failed", { reason: error.message }),
      );
      target = describeConnectionString(options.connectionString);
    } else {
      throw new ActorError(
        "invalid-config",
        "PostgresStatePersistence.open needs a connectionString or a pool",
        {
          context: { key: "connectionString" },
        },
      );
    }
    const store = new PostgresStatePersistence(pool, !options.pool, resolved);
    try {
      await checkReachable(pool, target);
      if (resolved.migrate) {
        const { error } = await applyMigrations(store.#ctx.db as never, resolved.schema);
        if (error) throw error;
      }
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  // ---- StatePersistence ----

  loadTask(taskId: string): Promise<TaskState | null> {
    return this.#track(async () => {
      const row = this.#snapshots.take(taskId) ?? (await this.#batches.load.add(taskId));
      return row ? taskFromRow(row) : null;
    });
  }

  listTasks(): Promise<TaskState[]> {
    return this.#track(async () =>
      (await this.#retry("list tasks", () => listTasks(this.#ctx))).map(taskFromRow),
    );
  }

  saveTask(state: TaskState, options: SaveTaskOptions = {}): Promise<TaskState> {
    return this.#track(async () => {
      const write = taskWrite(state, this.#options.clock.now());
      this.#snapshots.drop(write.taskId);
      const expected = options.expectedVersion;
      if (expected === undefined) {
        const saved = await this.#batches.save.add(write);
        return savedTask(write, saved.version, saved.updated_at);
      }
      if (!Number.isInteger(expected) || expected < 0) {
        throw new ActorError(
          "validation",
          `expectedVersion must be a whole number ≥ 0, not ${String(expected)}`,
        );
      }
      const saved = await this.#retry("save task", () =>
        saveTaskChecked(this.#ctx, write, expected),
      );
      if (saved) return savedTask(write, saved.version, saved.updated_at);
      const current = await this.#retry("read task version", () =>
        storedVersion(this.#ctx, write.taskId),
      );
      throw new ActorError(
        "conflict",
        `task ${write.taskId} is at version ${current ?? 0}, not ${expected}`,
        { context: { taskId: write.taskId } },
      );
    });
  }

  deleteTask(taskId: string): Promise<boolean> {
    this.#snapshots.drop(taskId);
    return this.#track(() => this.#retry("delete task", () => deleteTask(this.#ctx, taskId)));
  }

  // ---- ExecutionLog ----

  start(execution: NewExecution): Promise<ExecutionRecord> {
    return this.#track(async () => {
      const write = executionWrite(execution);
      return startedRecord(await this.#batches.start.add(write), write);
    });
  }

  finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    return this.#track(async () => {
      if (!isExecutionId(id))
        throw new ActorError("not-found", `no execution with id ${String(id)}`);
      return this.#batches.finish.add(finishWrite(id, outcome));
    });
  }

  history(taskId: string, query: HistoryQuery = {}): Promise<ExecutionRecord[]> {
    return this.#track(async () => {
      const limit = countOf(query.limit, 50) ?? 2_147_483_647;
      if (limit === 0) return [];
      const before = query.before === undefined ? null : instantOf(query.before, "history before");
      const rows = await this.#retry("read history", () =>
        history(this.#ctx, taskId, limit, before),
      );
      return rows.map(executionFromRow);
    });
  }

  running(): Promise<ExecutionRecord[]> {
    return this.#track(async () =>
      (await this.#retry("read running executions", () => runningExecutions(this.#ctx))).map(
        executionFromRow,
      ),
    );
  }

  prune(policy: PrunePolicy): Promise<number> {
    return this.#track(() => {
      const olderThan =
        policy.olderThan === undefined ? null : instantOf(policy.olderThan, "prune olderThan");
      const max =
        policy.maxPerTask === undefined ? null : Math.max(0, Math.floor(policy.maxPerTask));
      if (max !== null && Number.isNaN(max)) {
        throw new ActorError("validation", "prune maxPerTask must be a number");
      }
      return this.#retry("prune history", () => pruneExecutions(this.#ctx, olderThan, max));
    });
  }

  // ---- PostHistory ----

  findPost(idempotencyKey: string): Promise<PostRecord | null> {
    return this.#track(async () => {
      const row = await this.#retry("find post", () => findPost(this.#ctx, idempotencyKey));
      return row ? postFromRow(row) : null;
    });
  }

  recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }> {
    return this.#track(async () => {
      const write = postWrite(record);
      const inserted = await this.#retry("record post", () => insertPost(this.#ctx, write));
      if (inserted) return { record: postFromRow(inserted), created: true };
      const existing = await this.#retry("find post", () =>
        findPost(this.#ctx, write.idempotencyKey),
      );
      if (!existing)
        throw new ActorError("internal", `post ${write.idempotencyKey} vanished while recorded`);
      return { record: postFromRow(existing), created: false };
    });
  }

  posts(query: PostQuery = {}): Promise<PostRecord[]> {
    return this.#track(async () => {
      const limit = query.limit === undefined ? null : countOf(query.limit, null);
      if (limit === 0) return [];
      const since = query.since === undefined ? undefined : instantOf(query.since, "posts since");
      const q = since === undefined ? query : { ...query, since };
      return (await this.#retry("list posts", () => listPosts(this.#ctx, q, limit))).map(
        postFromRow,
      );
    });
  }

  // ---- Leases, instances, notifications ----

  leaser(options: LeaserOptions): TaskLeaser {
    return new PostgresLeaser(options, this.#ctx, this.#batches, this.#policy, this.#snapshots);
  }

  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    return this.#track(() => this.#instances.registerInstance(record));
  }

  renewInstance(
    id: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    return this.#track(() =>
      this.#instances.renewInstance(id, incarnation, heartbeatAt, expiresAt),
    );
  }

  unregisterInstance(id: string, incarnation: string): Promise<void> {
    return this.#track(() => this.#instances.unregisterInstance(id, incarnation));
  }

  /**
   * Calls `listener` when any instance pauses, resumes or brings forward a task of this schema
   * (LISTEN/NOTIFY). Resolves once listening; the returned function stops it. Notifications can be
   * missed while the connection is re-established: keep polling as the backstop.
   */
  subscribe(listener: (change: TaskChange) => void): Promise<Unsubscribe> {
    return this.#track(() => this.#notifications.subscribe(listener));
  }

  /** Waits for calls in flight, stops listening, and ends the pool if the store created it. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
      await this.#notifications.close();
      if (this.#ownsPool) await this.#pool.end();
    })();
    return this.#closed;
  }

  #track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(
        new ActorError("invalid-state", `the PostgreSQL store (schema ${this.schema}) is closed`),
      );
    }
    let promise: Promise<T>;
    try {
      promise = operation();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#inFlight.add(promise);
    void promise.then(
      () => this.#inFlight.delete(promise),
      () => this.#inFlight.delete(promise),
    );
    return promise;
  }

  #retry<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return withRetry(what, this.#policy, operation);
  }
}

/** A `limit`-like count: a whole number ≥ 0; undefined or NaN gives `fallback`, +∞ no limit (null). */
function countOf<F extends number | null>(
  value: number | undefined,
  fallback: F,
): number | F | null {
  if (value === undefined || Number.isNaN(value)) return fallback;
  if (value === Number.POSITIVE_INFINITY) return null;
  return Math.max(0, Math.floor(value));
}
