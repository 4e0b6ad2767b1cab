import { newTaskState, type ActorError } from "@actor/core";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { migrateToLatest, PostgresStatePersistence } from "../src/index.js";
import { dropSchema, schemaName, TEST_DATABASE_URL, testPool } from "./support/pg.js";

const admin = testPool(2);
const schemas: string[] = [];
const fresh = (label: string) => {
  const schema = schemaName(label);
  schemas.push(schema);
  return schema;
};
const T0 = new Date("2026-03-01T12:00:00.000Z");

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  for (const schema of schemas) await dropSchema(admin, schema);
  await admin.end();
});

/** One run's worth of hot calls: save, claim, start, settle. */
async function oneRun(store: PostgresStatePersistence, taskId: string): Promise<void> {
  await store.saveTask(newTaskState({ taskId, actorName: "x", nextRun: T0 }));
  const leaser = store.leaser({ owner: "o", ttlMs: 60_000 });
  expect((await leaser.claim([taskId], T0)).map((l) => l.taskId)).toEqual([taskId]);
  const state = (await store.loadTask(taskId))!;
  const started = await store.start({
    taskId,
    actorName: "x",
    scheduledFor: T0,
    startedAt: T0,
    attempt: 1,
    instanceId: "i",
  });
  const settled = await leaser.settle!({
    executionId: started.id,
    outcome: { status: "succeeded", completedAt: T0 },
    state: { ...state, lastRun: T0 },
  });
  expect(settled.record.status).toBe("succeeded");
  expect(settled.state.version).toBe(state.version + 1);
}

/** The statement names `pg` clients were asked to use while `work` ran. */
async function namesSentDuring(work: () => Promise<void>): Promise<string[]> {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  await work();
  return spy.mock.calls
    .map(([config]) => config as unknown)
    .filter((c): c is { name: string } => typeof c === "object" && c !== null && "name" in c)
    .map((c) => c.name);
}

describe("prepared statements", () => {
  it("the hot statements go out by name, each name the same for the same statement", async () => {
    const schema = fresh("prepared");
    const store = await PostgresStatePersistence.open({
      connectionString: TEST_DATABASE_URL,
      schema,
      poolSize: 2,
    });
    const names = await namesSentDuring(async () => {
      await oneRun(store, "a");
      await oneRun(store, "b");
    });
    await store.close();
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) expect(name).toMatch(/^actor_[0-9a-f]{32}$/);
    // Two runs, the same statements: every name was used twice.
    const counts = new Map<string, number>();
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
    expect([...counts.values()].every((n) => n % 2 === 0)).toBe(true);
  });

  it("preparedStatements: false sends every statement unnamed", async () => {
    const schema = fresh("unprepared");
    const store = await PostgresStatePersistence.open({
      connectionString: TEST_DATABASE_URL,
      schema,
      poolSize: 2,
      preparedStatements: false,
    });
    const names = await namesSentDuring(() => oneRun(store, "a"));
    await store.close();
    expect(names).toEqual([]);
  });

  it("a caller's pool wrapper with its own query gets plain statements, and works", async () => {
    const schema = fresh("wrapped");
    const inner = testPool(3);
    const seen: unknown[] = [];
    const wrapped = {
      options: inner.options,
      end: () => inner.end(),
      connect: async () => {
        const client = await inner.connect();
        return new Proxy(client, {
          get: (target, prop) => {
            if (prop === "query")
              return (text: unknown, values?: unknown[]) => {
                seen.push(text);
                return target.query(text as string, values);
              };
            const value = Reflect.get(target, prop, target) as unknown;
            return typeof value === "function" ? (value as () => unknown).bind(target) : value;
          },
        });
      },
    };
    const store = await PostgresStatePersistence.open({ pool: wrapped as never, schema });
    await oneRun(store, "a");
    await store.close();
    await inner.end();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((text) => typeof text === "string")).toBe(true);
  });

  it("stores on two schemas share one pool, and a schema dropped and made again still works", async () => {
    const pool = testPool(2);
    const [x, y] = [fresh("shared_x"), fresh("shared_y")];
    const [sx, sy] = await Promise.all([
      PostgresStatePersistence.open({ pool, schema: x }),
      PostgresStatePersistence.open({ pool, schema: y }),
    ]);
    await Promise.all([oneRun(sx, "a"), oneRun(sy, "a")]);
    await sx.close();
    // The connections keep their prepared statements; the tables behind them are gone and new.
    await dropSchema(admin, x);
    const again = await PostgresStatePersistence.open({ pool, schema: x });
    await oneRun(again, "a");
    expect((await again.loadTask("a"))?.version).toBe(2);
    await Promise.all([again.close(), sy.close()]);
    await pool.end();
  });

  it("a statement that failed while its table was gone works again once the table is back", async () => {
    const pool = testPool(2);
    const schema = fresh("gone");
    const store = await PostgresStatePersistence.open({ pool, schema, retryForMs: 0 });
    await oneRun(store, "a");
    await dropSchema(admin, schema);
    const error = await store.loadTask("a").then(
      () => null,
      (e: unknown) => e as ActorError,
    );
    expect(error?.message).toMatch(/does not exist/);
    const { error: migrationError } = await migrateToLatest({ pool: admin, schema });
    expect(migrationError ?? null).toBeNull();
    await oneRun(store, "b");
    expect((await store.loadTask("b"))?.version).toBe(2);
    await store.close();
    await pool.end();
  });

  it("a preparedStatements that is not a boolean is a clear error", async () => {
    const error = await PostgresStatePersistence.open({
      connectionString: TEST_DATABASE_URL,
      schema: fresh("bad_option"),
      preparedStatements: "yes" as never,
    }).then(
      () => null,
      (e: unknown) => e as ActorError,
    );
    expect(error?.code).toBe("invalid-config");
    expect(error?.message).toBe("preparedStatements must be true or false, not yes");
  });
});
