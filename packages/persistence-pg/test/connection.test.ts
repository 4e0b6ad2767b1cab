import { connect, createServer, type Server, type Socket } from "node:net";
import { isActorError, type ActorError } from "@actor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, PostgresStatePersistence } from "../src/index.js";
import { dropSchema, schemaName, TEST_DATABASE_URL, testPool } from "./support/pg.js";

const SECRET = "s3cr3t-Pa55word";

async function rejection(promise: Promise<unknown>): Promise<ActorError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  if (!isActorError(error)) throw error;
  return error;
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("unreachable or refusing database", () => {
  let port = 0;
  beforeAll(async () => {
    port = await closedPort();
  });

  it("open() against a closed port fails with `unavailable` naming host:port/database, not the password", async () => {
    const url = `postgres://bot:${SECRET}@127.0.0.1:${port}/actors`;
    const error = await rejection(PostgresStatePersistence.open({ connectionString: url }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`127.0.0.1:${port}/actors`);
    expect(error.message).toMatch(/ECONNREFUSED|refused/i);
    const everything = JSON.stringify({
      m: error.message,
      c: error.context,
      s: error.stack,
      cause: String(error.cause),
    });
    expect(everything).not.toContain(SECRET);
  });

  it("migrateToLatest against a closed port fails the same way", async () => {
    const error = await rejection(
      migrateToLatest({ connectionString: `postgres://bot:${SECRET}@127.0.0.1:${port}/actors` }),
    );
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`127.0.0.1:${port}/actors`);
    expect(error.message).not.toContain(SECRET);
  });

  it("a wrong password is an `auth` or `unavailable` error that never repeats the password", async () => {
    // The local server trusts every login, so a missing database stands in for a refused login.
    const url = new URL(TEST_DATABASE_URL);
    url.password = SECRET;
    url.pathname = "/no_such_database_for_actor";
    const error = await rejection(
      PostgresStatePersistence.open({ connectionString: url.toString() }),
    );
    expect(["auth", "unavailable"]).toContain(error.code);
    expect(error.message).toContain("no_such_database_for_actor");
    expect(error.message).toMatch(/does not exist/);
    expect(JSON.stringify({ m: error.message, c: error.context })).not.toContain(SECRET);
  });

  it("a connection string that is not a URL is `invalid-config` and is not echoed", async () => {
    const error = await rejection(
      PostgresStatePersistence.open({ connectionString: `bot:${SECRET} at somewhere` }),
    );
    expect(error.code).toBe("invalid-config");
    expect(error.message).not.toContain(SECRET);
  });

  it("options that cannot work are `invalid-config` naming the option", async () => {
    for (const [options, key] of [
      [{ schema: 'x"; DROP TABLE y; --' }, "schema"],
      [{ poolSize: 0 }, "poolSize"],
      [{ maxBatchSize: Number.NaN }, "maxBatchSize"],
      [{}, "connectionString"],
    ] as const) {
      const error = await rejection(
        PostgresStatePersistence.open({
          ...("schema" in options || "poolSize" in options || "maxBatchSize" in options
            ? { connectionString: TEST_DATABASE_URL }
            : {}),
          ...options,
        }),
      );
      expect(error.code).toBe("invalid-config");
      expect(error.context.key).toBe(key);
    }
  });
});

describe("a database that goes away during a run", () => {
  const pool = testPool(2);
  const schema = schemaName("outage");
  let proxy: Server;
  let proxyPort = 0;
  let up = true;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    await migrateToLatest({ pool, schema });
    // A TCP proxy in front of the server that can drop every connection and refuse new ones.
    const target = new URL(TEST_DATABASE_URL);
    proxy = createServer((client) => {
      if (!up) {
        client.destroy();
        return;
      }
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyPort = (proxy.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await dropSchema(pool, schema);
    await pool.end();
  });

  it("writes made while the connection is cut are retried and land once it is back", async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = "127.0.0.1";
    url.port = String(proxyPort);
    const store = await PostgresStatePersistence.open({
      connectionString: url.toString(),
      schema,
      migrate: false,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
    });
    try {
      const rec = await store.start({
        taskId: "t",
        actorName: "a",
        scheduledFor: new Date("2026-01-01T00:00:00Z"),
        startedAt: new Date("2026-01-01T00:00:00Z"),
        attempt: 1,
        instanceId: "i",
      });
      up = false;
      for (const s of sockets) s.destroy();
      const finishing = store.finish(rec.id, {
        status: "succeeded",
        completedAt: new Date("2026-01-01T00:00:01Z"),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      up = true;
      const done = await finishing;
      expect(done.status).toBe("succeeded");
      const { rows } = await pool.query(
        `SELECT status FROM "${schema}".actor_server_executions WHERE id = $1`,
        [rec.id],
      );
      expect(rows).toEqual([{ status: "succeeded" }]);
    } finally {
      up = true;
      await store.close();
    }
  });

  it("a write gives up with `unavailable` once retryForMs has passed, and says why", async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = "127.0.0.1";
    url.port = String(proxyPort);
    const store = await PostgresStatePersistence.open({
      connectionString: url.toString(),
      schema,
      migrate: false,
      retryForMs: 300,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 50,
    });
    try {
      up = false;
      for (const s of sockets) s.destroy();
      const error = await rejection(store.loadTask("t"));
      expect(error.code).toBe("unavailable");
      expect(error.message).toMatch(/load tasks failed: the database stayed unreachable/);
    } finally {
      up = true;
      await store.close();
    }
  });
});
