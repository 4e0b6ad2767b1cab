import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { EMBEDDED_MIGRATIONS, migrateToLatest, PostgresStatePersistence } from "../src/index.js";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { renderEmbeddedMigrations } from "../scripts/embed-migrations.mjs";
import { dropSchema, schemaName, testPool } from "./support/pg.js";

const pool = testPool(6);
const schemas: string[] = [];
const fresh = (label: string) => {
  const schema = schemaName(label);
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  for (const schema of schemas) await dropSchema(pool, schema);
  await pool.end();
});

const names = EMBEDDED_MIGRATIONS.map((m) => m.name);

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [schema],
  );
  return rows.map((r) => r.table_name);
}

describe("migrations", () => {
  it("the embedded module matches the SQL files in migrations/ (run `pnpm -F @actor/persistence-pg embed-migrations`)", () => {
    const committed = readFileSync(
      new URL("../src/migrations/embedded.ts", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(renderEmbeddedMigrations());
    expect(names[0]).toBe("0001_original_schema");
    expect(names).toEqual([...names].sort());
  });

  it("a fresh schema gets every migration, in order, and the tables of the design", async () => {
    const schema = fresh("fresh");
    const report = await migrateToLatest({ pool, schema });
    expect(report.error).toBeNull();
    expect(report.results).toEqual(names.map((name) => ({ name, status: "applied" })));
    expect(await tablesOf(schema)).toEqual([
      "actor_migrations",
      "actor_migrations_lock",
      "actor_server_executions",
      "actor_server_instances",
      "actor_server_state",
      "content",
      "post_history",
    ]);
  });

  it("migrating again applies nothing and changes nothing", async () => {
    const schema = fresh("again");
    await migrateToLatest({ pool, schema });
    const again = await migrateToLatest({ pool, schema });
    expect(again).toEqual({ results: [], error: null });
    const { rows } = await pool.query(
      `SELECT name FROM "${schema}".actor_migrations ORDER BY name`,
    );
    expect(rows.map((r: { name: string }) => r.name)).toEqual(names);
  });

  it("two servers migrating one schema at once apply each migration exactly once", async () => {
    const schema = fresh("race");
    const reports = await Promise.all([
      migrateToLatest({ pool, schema }),
      migrateToLatest({ pool, schema }),
      PostgresStatePersistence.open({ pool, schema }).then(async (store) => {
        await store.close();
        return null;
      }),
    ]);
    const applied = reports.flatMap((r) => r?.results ?? []);
    for (const r of reports) expect(r?.error ?? null).toBeNull();
    // The store's open() migrated too: between the three, every migration ran once.
    const { rows } = await pool.query(
      `SELECT name FROM "${schema}".actor_migrations ORDER BY name`,
    );
    expect(rows.map((r: { name: string }) => r.name)).toEqual(names);
    expect(applied.filter((r) => r.status === "applied").length).toBeLessThanOrEqual(names.length);
  });

  it("a database of the original server is upgraded with its rows kept and mapped", async () => {
    const schema = fresh("original");
    await pool.query(`CREATE SCHEMA "${schema}"`);
    const client = await pool.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      await client.query(EMBEDDED_MIGRATIONS[0]!.sql);
      await client.query(
        `INSERT INTO actor_server_state (task_id, actor_name, next_run, is_paused, consecutive_failures)
         VALUES ('old', 'poster', '2025-06-01T09:00:00Z', TRUE, 2)`,
      );
      await client.query(
        `INSERT INTO actor_server_executions (task_id, actor_name, started_at, completed_at, success)
         VALUES ('old', 'poster', '2025-05-31T09:00:00Z', '2025-05-31T09:00:01Z', TRUE),
                ('old', 'poster', '2025-06-01T09:00:00Z', NULL, FALSE)`,
      );
    } finally {
      client.release();
    }
    // Pretend the original schema was applied by our migrator, as a later version would see it.
    await pool.query(
      `CREATE TABLE "${schema}".actor_migrations (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`,
    );
    await pool.query(
      `INSERT INTO "${schema}".actor_migrations VALUES ('0001_original_schema', '2025-01-01T00:00:00Z')`,
    );
    const report = await migrateToLatest({ pool, schema });
    expect(report.error).toBeNull();
    expect(report.results.map((r) => r.name)).toEqual(names.slice(1));
    const store = await PostgresStatePersistence.open({ pool, schema, migrate: false });
    try {
      expect(await store.loadTask("old")).toMatchObject({
        paused: true,
        pauseReason: "manual",
        consecutiveFailures: 2,
        active: true,
        completed: false,
        version: 1,
      });
      const statuses = (await store.history("old")).map((r) => r.status);
      expect(statuses).toEqual(["running", "succeeded"]);
    } finally {
      await store.close();
    }
  });

  it("a failing migration rolls back the whole run and says which one failed", async () => {
    const schema = fresh("broken");
    // A table in the way of migration 0004 makes it fail after 0001-0003 ran in the same transaction.
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE "${schema}".content (x int)`);
    const report = await migrateToLatest({ pool, schema });
    expect(report.error?.message).toMatch(/at 0004_posts_content_instances/);
    expect(report.results.find((r) => r.status === "failed")?.name).toBe(
      "0004_posts_content_instances",
    );
    expect(await tablesOf(schema)).not.toContain("actor_server_state");
  });
});
