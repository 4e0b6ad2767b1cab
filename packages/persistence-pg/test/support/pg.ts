import { randomBytes } from "node:crypto";
import { isActorError, type ActorError } from "@actor/core";
import pg from "pg";

/** The test server: `ACTOR_TEST_PG_URL`, or the local trust-auth PostgreSQL. */
export const TEST_DATABASE_URL =
  process.env["ACTOR_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh schema name for one test file (or test): `t_<label>_<random>`. */
export function schemaName(label: string): string {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 30);
  return `t_${clean}_${randomBytes(4).toString("hex")}`;
}

/** A pool on the test database (closed by the caller). */
export function testPool(max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max });
  pool.on("error", () => {});
  return pool;
}

/** Drops `schema` and everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Empties every table of the store in `schema` (ids restart). */
export async function truncateAll(pool: pg.Pool, schema: string): Promise<void> {
  const tables = [
    "actor_server_state",
    "actor_server_executions",
    "post_history",
    "content",
    "actor_server_instances",
  ];
  await pool.query(
    `TRUNCATE ${tables.map((t) => `"${schema}"."${t}"`).join(", ")} RESTART IDENTITY`,
  );
}

/** The `ActorError` `promise` rejects with; anything else (or resolving) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<ActorError> {
  const error = await promise.then(
    () => new Error("expected a rejection"),
    (e: unknown) => e,
  );
  if (!isActorError(error)) throw error;
  return error;
}
