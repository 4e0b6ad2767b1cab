import { ActorError } from "@actor/core";
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import {
  checkReachable,
  kyselyOver,
  createPool,
  describeConnectionString,
  describePool,
} from "../connection.js";
import { DEFAULT_STORE_OPTIONS, resolveStoreOptions, validateStoreOptions } from "../options.js";
import type { PgPoolLike } from "../pool-like.js";
import { EMBEDDED_MIGRATIONS } from "./embedded.js";
import type { EmbeddedMigration } from "./embedded-migration.js";

/** The table (in the store's schema) recording which migrations ran. */
export const MIGRATION_TABLE = "actor_migrations";
/** The lock table kysely's migrator keeps beside it. */
export const MIGRATION_LOCK_TABLE = "actor_migrations_lock";

/** What happened to one migration in a {@link migrateToLatest} call. */
export interface MigrationOutcome {
  /** The file name without `.sql`, e.g. `0002_task_state_and_leases`. */
  name: string;
  /** `applied` now, `failed` (the whole run rolled back), or `not-run` after a failure. */
  status: "applied" | "failed" | "not-run";
}

/** The result of {@link migrateToLatest}: one outcome per migration it tried, and the error if any. */
export interface MigrationReport {
  /** Migrations this call applied or tried, in order; empty when the schema was up to date. */
  results: MigrationOutcome[];
  /** Null when every migration applied. All migrations of a call run in one transaction. */
  error: ActorError | null;
}

/**
 * A kysely `MigrationProvider` over embedded SQL: each migration runs its file's SQL with the
 * `search_path` set to `schema` for the rest of the migrator's transaction.
 */
export class EmbeddedMigrationProvider implements MigrationProvider {
  constructor(
    private readonly schema: string,
    private readonly migrations: readonly EmbeddedMigration[] = EMBEDDED_MIGRATIONS,
  ) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const migration of this.migrations) {
      out[migration.name] = {
        up: async (db) => {
          await sql`SELECT set_config('search_path', ${this.schema}, true)`.execute(db);
          await sql.raw(migration.sql).execute(db);
        },
      };
    }
    return out;
  }
}

/**
 * Applies pending migrations to `schema` through kysely's `Migrator`: in one transaction, under
 * kysely's advisory lock (two servers migrating at once apply each migration once), recording them
 * in `<schema>.actor_migrations`.
 */
export async function applyMigrations(
  db: Kysely<unknown>,
  schema: string,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: new EmbeddedMigrationProvider(schema),
    migrationTableSchema: schema,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const outcomes = results.map((r): MigrationOutcome => ({
    name: r.migrationName,
    status: r.status === "Success" ? "applied" : r.status === "Error" ? "failed" : "not-run",
  }));
  if (error === undefined) return { results: outcomes, error: null };
  const failed = outcomes.find((o) => o.status === "failed")?.name;
  return {
    results: outcomes,
    error: new ActorError(
      "internal",
      `migrating schema ${schema} failed${failed ? ` at ${failed}` : ""}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, context: { schema, ...(failed ? { migration: failed } : {}) } },
    ),
  };
}

/** Options of {@link migrateToLatest}: a connection string or a pool, and the schema. */
export interface MigrateOptions {
  connectionString?: string;
  pool?: PgPoolLike;
  /** Default `actor`. */
  schema?: string;
}

/**
 * Brings the schema up to date and reports each migration (the `actor-server migrate` command).
 * An unreachable database is an `unavailable` error naming host, port and database.
 *
 * @example
 * ```ts
 * const { results, error } = await migrateToLatest({ connectionString: process.env.DATABASE_URL });
 * for (const r of results) console.log(r.name, r.status);
 * if (error) throw error;
 * ```
 */
export async function migrateToLatest(options: MigrateOptions): Promise<MigrationReport> {
  const resolved = resolveStoreOptions({ schema: options.schema ?? DEFAULT_STORE_OPTIONS.schema });
  validateStoreOptions(resolved);
  const { pool, target, owned } = poolOf(options);
  const db = kyselyOver<unknown>(pool);
  try {
    await checkReachable(pool, target);
    return await applyMigrations(db, resolved.schema);
  } finally {
    if (owned) await pool.end();
  }
}

function poolOf(options: MigrateOptions): { pool: PgPoolLike; target: string; owned: boolean } {
  if (options.pool) return { pool: options.pool, target: describePool(options.pool), owned: false };
  if (!options.connectionString) {
    throw new ActorError("invalid-config", "migrateToLatest needs a connectionString or a pool", {
      context: { key: "connectionString" },
    });
  }
  return {
    pool: createPool(options.connectionString, 1, () => {}),
    target: describeConnectionString(options.connectionString),
    owned: true,
  };
}
