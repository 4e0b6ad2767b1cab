import { migrateToLatest } from "@actor/persistence-pg";
import type { ServerConfig } from "../config/types.js";
import type { LoggerSlice } from "../observe/logger.js";
import { EXIT } from "./args.js";

/**
 * `actor-server migrate`: applies the pending PostgreSQL migrations of `[persistence]` (all in one
 * transaction) and logs each one. Exit 0 when the schema is up to date, 1 when a migration failed
 * or the database cannot be reached, 2 without PostgreSQL persistence.
 */
export async function runMigrations(config: ServerConfig, logger: LoggerSlice): Promise<number> {
  const p = config.persistence;
  if (p.type !== "postgres") {
    logger.error(
      {},
      'migrate needs PostgreSQL persistence: set [persistence] type = "postgres" and url, or pass --database-url',
    );
    return EXIT.badConfig;
  }
  let report;
  try {
    report = await migrateToLatest({ connectionString: p.url, schema: p.schema });
  } catch (error) {
    logger.error(
      { schema: p.schema, error: (error as Error).message },
      "migrate: the database cannot be reached",
    );
    return EXIT.failure;
  }
  for (const r of report.results) logger.info({ migration: r.name, status: r.status }, "migration");
  if (report.error) {
    logger.error(
      { schema: p.schema, error: report.error.message },
      "migrate failed; nothing was applied",
    );
    return EXIT.failure;
  }
  logger.info(
    { schema: p.schema, applied: report.results.length },
    report.results.length === 0 ? "the schema is up to date" : "migrations applied",
  );
  return EXIT.ok;
}
