import { ActorError, systemClock, type Clock } from "@actor/core";
import type { PgPoolLike } from "./pool-like.js";

/** Where log lines of the store go. Defaults to nothing; `console` and pino loggers fit. */
export interface StoreLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Options of `PostgresStatePersistence.open`. Give `connectionString` or `pool`. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. The store creates (and closes) its own pool. */
  connectionString?: string;
  /** A pool owned by the caller (a `pg.Pool`); `close()` leaves it open. */
  pool?: PgPoolLike;
  /** The schema holding the tables; created by the migrations. Default `actor`. */
  schema?: string;
  /** Connections of the pool the store creates. Default 10. */
  poolSize?: number;
  /** Apply pending migrations at open. Default true. */
  migrate?: boolean;
  /** Log lines (retries, lost notifications). Default: none. */
  logger?: StoreLogger;
  /** Stamps `updatedAt` of saved tasks. Default: the system clock. */
  clock?: Clock;
  /** How long a write keeps being retried while the database is unreachable. Default 60 000 ms. */
  retryForMs?: number;
  /** First retry delay; doubles up to `retryMaxDelayMs` (full jitter). Default 50 ms. */
  retryBaseDelayMs?: number;
  /** Cap of one retry delay. Default 2 000 ms. */
  retryMaxDelayMs?: number;
  /** Largest number of calls coalesced into one statement. Default 500. */
  maxBatchSize?: number;
  /**
   * Extra wait before a batch is sent, to gather more calls at light load. Default 0: a batch
   * leaves as soon as the previous one of its kind has returned.
   */
  batchDelayMs?: number;
  /** Batches of one kind (claims, saves, ...) in flight at once. Default 2. */
  batchConcurrency?: number;
  /**
   * Send the batched statements of a run (claim, start, settle, ...) as named prepared statements,
   * parsed once per connection, so PostgreSQL can keep their plans. Default true. Applies to `pg`
   * clients (a caller's pool wrapper without `pg`'s `query(config)` gets plain statements). Turn
   * it off behind a pooler that cannot carry prepared statements across transactions (PgBouncer
   * before 1.21 in transaction mode).
   */
  preparedStatements?: boolean;
}

/** {@link PostgresStoreOptions} with every default applied. */
export interface ResolvedStoreOptions {
  schema: string;
  poolSize: number;
  migrate: boolean;
  logger: StoreLogger;
  clock: Clock;
  retryForMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  maxBatchSize: number;
  batchDelayMs: number;
  batchConcurrency: number;
  preparedStatements: boolean;
}

const silentLogger: StoreLogger = { warn: () => {}, error: () => {} };

/** The defaults of every optional field of {@link PostgresStoreOptions}. */
export const DEFAULT_STORE_OPTIONS = {
  schema: "actor",
  poolSize: 10,
  migrate: true,
  logger: silentLogger,
  clock: systemClock,
  retryForMs: 60_000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 2_000,
  maxBatchSize: 500,
  batchDelayMs: 0,
  batchConcurrency: 2,
  preparedStatements: true,
} satisfies ResolvedStoreOptions;

/** Merges `options` over {@link DEFAULT_STORE_OPTIONS}; undefined fields keep the default. */
export function resolveStoreOptions(options: PostgresStoreOptions): ResolvedStoreOptions {
  const resolved: ResolvedStoreOptions = { ...DEFAULT_STORE_OPTIONS };
  for (const key of Object.keys(DEFAULT_STORE_OPTIONS) as (keyof ResolvedStoreOptions)[]) {
    const value = options[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/** Throws `invalid-config` naming the option when a resolved option cannot work. */
export function validateStoreOptions(options: ResolvedStoreOptions): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(options.schema)) {
    throw new ActorError(
      "invalid-config",
      `schema ${JSON.stringify(options.schema)} is not a plain PostgreSQL identifier: use letters, digits and _ (at most 63, not starting with a digit)`,
      { context: { key: "schema" } },
    );
  }
  const positive: (keyof ResolvedStoreOptions)[] = ["poolSize", "maxBatchSize", "batchConcurrency"];
  for (const key of positive) {
    const value = options[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new ActorError(
        "invalid-config",
        `${key} must be a whole number ≥ 1, not ${String(value)}`,
        {
          context: { key },
        },
      );
    }
  }
  for (const key of ["migrate", "preparedStatements"] as const) {
    if (typeof options[key] !== "boolean") {
      throw new ActorError(
        "invalid-config",
        `${key} must be true or false, not ${String(options[key])}`,
        { context: { key } },
      );
    }
  }
  const nonNegative: (keyof ResolvedStoreOptions)[] = [
    "retryForMs",
    "retryBaseDelayMs",
    "retryMaxDelayMs",
    "batchDelayMs",
  ];
  for (const key of nonNegative) {
    const value = options[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ActorError(
        "invalid-config",
        `${key} must be a finite number ≥ 0, not ${String(value)}`,
        {
          context: { key },
        },
      );
    }
  }
}
