import { newTaskState, type ActorError, type ExecutionRecord } from "@actor/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, PostgresStatePersistence, type TaskChange } from "../src/index.js";
import {
  dropSchema,
  rejection,
  schemaName,
  TEST_DATABASE_URL,
  testPool,
  truncateAll,
} from "./support/pg.js";

const pool = testPool(4);
const schema = schemaName("shared");
let a: PostgresStatePersistence;
let b: PostgresStatePersistence;
const T0 = new Date("2026-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  const { error } = await migrateToLatest({ pool, schema });
  if (error) throw error;
  // Two stores with their own pools, as two servers would have.
  a = await PostgresStatePersistence.open({
    connectionString: TEST_DATABASE_URL,
    schema,
    poolSize: 3,
  });
  b = await PostgresStatePersistence.open({
    connectionString: TEST_DATABASE_URL,
    schema,
    poolSize: 3,
  });
});

afterAll(async () => {
  await a.close();
  await b.close();
  await dropSchema(pool, schema);
  await pool.end();
});

beforeEach(() => truncateAll(pool, schema));

describe("leases across two stores (two servers)", () => {
  it("each of 200 due tasks is won by exactly one of two stores racing claim and claimDue", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(3, "0")}`);
    await Promise.all(
      ids.map((taskId) => a.saveTask(newTaskState({ taskId, actorName: "x", nextRun: at(-1) }))),
    );
    const la = a.leaser({ owner: "A", ttlMs: 60_000 });
    const lb = b.leaser({ owner: "B", ttlMs: 60_000 });
    const won = (
      await Promise.all([
        ...ids.map((id) => la.claim([id], at(0))),
        ...ids.map((id) => lb.claim([id], at(0))),
        la.claimDue(at(0), 50),
        lb.claimDue(at(0), 50),
      ])
    ).flat();
    const owners = new Map<string, Set<string>>();
    for (const lease of won)
      owners.set(lease.taskId, (owners.get(lease.taskId) ?? new Set()).add(lease.owner));
    expect([...owners.keys()].sort()).toEqual(ids);
    for (const [id, who] of owners) expect(who.size, id).toBe(1);
  });

  it("a lease of a stopped owner is taken over by the other store only once it expires", async () => {
    await a.saveTask(newTaskState({ taskId: "t", actorName: "x", nextRun: at(0) }));
    const la = a.leaser({ owner: "A", ttlMs: 1_000 });
    const lb = b.leaser({ owner: "B", ttlMs: 1_000 });
    expect(await la.claimDue(at(0), 10)).toHaveLength(1);
    expect(await lb.claimDue(at(999), 10)).toEqual([]);
    expect(await lb.claim(["t"], at(999))).toEqual([]);
    expect(await lb.claimDue(at(1_000), 10)).toEqual([
      { taskId: "t", owner: "B", expiresAt: at(2_000) },
    ]);
    expect(await la.renew(["t"], at(1_001))).toEqual([]);
  });

  it("renewal by the holder keeps the other store out past the first expiry", async () => {
    await a.saveTask(newTaskState({ taskId: "t", actorName: "x", nextRun: at(0) }));
    const la = a.leaser({ owner: "A", ttlMs: 1_000 });
    await la.claim(["t"], at(0));
    expect(await la.renew(["t"], at(800))).toEqual([
      { taskId: "t", owner: "A", expiresAt: at(1_800) },
    ]);
    expect(await b.leaser({ owner: "B", ttlMs: 1_000 }).claim(["t"], at(1_500))).toEqual([]);
  });

  it("a save by one store never takes or clears the other's lease", async () => {
    const saved = await a.saveTask(newTaskState({ taskId: "t", actorName: "x", nextRun: at(0) }));
    await a.leaser({ owner: "A", ttlMs: 60_000 }).claim(["t"], at(0));
    await b.saveTask({ ...saved, consecutiveFailures: 1 });
    expect(await b.leaser({ owner: "B", ttlMs: 60_000 }).claim(["t"], at(1))).toEqual([]);
  });

  it("releasing a long list of ids (shutdown) frees this owner's leases among them and no other", async () => {
    const held = ["r1", "r2", "r3", "theirs", "kept"];
    for (const taskId of held)
      await a.saveTask(newTaskState({ taskId, actorName: "x", nextRun: at(0) }));
    const la = a.leaser({ owner: "A", ttlMs: 60_000 });
    expect(await la.claim(["r1", "r2", "r3", "kept"], at(0))).toHaveLength(4);
    expect(await b.leaser({ owner: "B", ttlMs: 60_000 }).claim(["theirs"], at(0))).toHaveLength(1);
    const many = Array.from({ length: 25_000 }, (_, i) => `unknown-${i}`);
    await la.release([...many, "r1", "r2", "theirs", "r3", "nul\u0000id"]);
    const lc = b.leaser({ owner: "C", ttlMs: 60_000 });
    expect((await lc.claim(held, at(1))).map((l) => l.taskId).sort()).toEqual(["r1", "r2", "r3"]);
  });

  it("a lease duration that is not a positive number is invalid-config", () => {
    for (const ttlMs of [0, -1, Number.NaN]) {
      expect(() => a.leaser({ owner: "A", ttlMs })).toThrow(/ttlMs/);
    }
  });
});

describe("instance registry", () => {
  const record = (incarnation: string, heartbeatMs: number, ttl = 10_000) => ({
    instanceId: "worker-1",
    incarnation,
    host: "host-a",
    pid: 4242,
    startedAt: at(heartbeatMs),
    heartbeatAt: at(heartbeatMs),
    expiresAt: at(heartbeatMs + ttl),
  });

  it("registers a new id with no previous record, and renews and unregisters it", async () => {
    expect(await a.registerInstance(record("one", 0))).toEqual({ previous: null });
    expect(await a.renewInstance("worker-1", "one", at(5_000), at(15_000))).toBe(true);
    expect(await b.renewInstance("worker-1", "other", at(5_000), at(15_000))).toBe(false);
    await a.unregisterInstance("worker-1", "one");
    expect(await a.renewInstance("worker-1", "one", at(6_000), at(16_000))).toBe(false);
  });

  it("a second live incarnation of the same id is a conflict naming the holder's host and pid", async () => {
    await a.registerInstance(record("one", 0));
    const error = await rejection(
      b.registerInstance({ ...record("two", 5_000), host: "host-b", pid: 7 }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("host-a");
    expect(error.message).toContain("4242");
  });

  it("a restarted instance takes over an expired registration and learns about its previous life", async () => {
    await a.registerInstance(record("one", 0));
    const { previous } = await b.registerInstance(record("two", 10_000));
    expect(previous).toMatchObject({
      incarnation: "one",
      host: "host-a",
      pid: 4242,
      expiresAt: at(10_000),
    });
    expect(await a.renewInstance("worker-1", "one", at(11_000), at(21_000))).toBe(false);
  });

  it("of two incarnations registering at once, exactly one wins", async () => {
    const results = await Promise.allSettled([
      a.registerInstance(record("one", 0)),
      b.registerInstance(record("two", 0)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as ActorError).code).toBe("conflict");
  });
});

describe("task notifications (LISTEN/NOTIFY)", () => {
  it("a pause, a resume and an earlier next run saved by one store reach the other's subscriber", async () => {
    const seen: TaskChange[] = [];
    const unsubscribe = await b.subscribe((change) => seen.push(change));
    try {
      let state = await a.saveTask(
        newTaskState({ taskId: "n", actorName: "x", nextRun: at(60_000) }),
      );
      state = await a.saveTask({ ...state, nextRun: at(120_000) }); // later: an ordinary run, no wake-up
      state = await a.saveTask({ ...state, paused: true, pauseReason: "manual", nextRun: null });
      state = await a.saveTask({
        ...state,
        paused: false,
        pauseReason: null,
        nextRun: at(180_000),
      });
      await a.saveTask({ ...state, nextRun: at(0) });
      for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([
        { taskId: "n", kind: "paused" },
        { taskId: "n", kind: "resumed" },
        { taskId: "n", kind: "due-earlier" },
      ]);
    } finally {
      await unsubscribe();
    }
  });
});

describe("careless input", () => {
  it("an Invalid Date, NaN or a NUL character is a validation error naming the field; nothing is stored", async () => {
    const bad = [
      newTaskState({ taskId: "d", actorName: "x", nextRun: new Date(Number.NaN) }),
      newTaskState({ taskId: "d", actorName: "x", consecutiveFailures: Number.NaN }),
      newTaskState({ taskId: "d", actorName: "x\u0000" }),
      newTaskState({ taskId: "d", actorName: "x", metadata: { text: "a\u0000b" } }),
    ];
    for (const state of bad) {
      const error = await rejection(a.saveTask(state));
      expect(error.code).toBe("validation");
      expect(error.message).toMatch(/task d: (nextRun|consecutiveFailures|actorName|metadata)/);
    }
    expect(await a.loadTask("d")).toBeNull();
  });

  it("instants at the edges of Date (year 1900, year 275760) round-trip exactly", async () => {
    const edges = [
      new Date("1900-01-01T00:00:00.000Z"),
      new Date(8.64e15),
      new Date(Date.UTC(-4000, 0, 1)),
      new Date("-004712-01-01T00:00:00.000Z"),
      new Date("0000-06-15T12:34:56.789Z"),
      new Date("0001-01-01T00:00:00.001Z"),
      new Date("9999-12-31T23:59:59.999Z"),
      new Date("+010000-01-01T00:00:00.001Z"),
    ];
    for (const [i, nextRun] of edges.entries()) {
      await a.saveTask(
        newTaskState({ taskId: `edge-${i}`, actorName: "x", nextRun, lastRun: nextRun }),
      );
      const loaded = await b.loadTask(`edge-${i}`);
      expect(loaded?.nextRun?.getTime()).toBe(nextRun.getTime());
    }
    // The earliest Date is before PostgreSQL's range: a clear error, not a database error.
    const error = await rejection(
      a.saveTask(
        newTaskState({ taskId: "too-early", actorName: "x", nextRun: new Date(-8.64e15) }),
      ),
    );
    expect(error.code).toBe("validation");
    expect(error.message).toMatch(/task too-early: nextRun .* before 4713 BC/);
  });

  it("a Date mutated after it was handed to the store changes nothing stored", async () => {
    const nextRun = at(5_000);
    const saving = a.saveTask(newTaskState({ taskId: "m", actorName: "x", nextRun }));
    nextRun.setTime(0);
    await saving;
    expect((await a.loadTask("m"))?.nextRun).toEqual(at(5_000));
  });

  it("an error message with NUL characters is stored with them replaced", async () => {
    const rec = await a.start({
      taskId: "e",
      actorName: "x",
      scheduledFor: at(0),
      startedAt: at(0),
      attempt: 1,
      instanceId: "i",
    });
    const done = await a.finish(rec.id, {
      status: "failed",
      completedAt: at(1),
      errorCode: "internal",
      errorMessage: "bad\u0000byte",
    });
    expect(done.errorMessage).toBe("bad\uFFFDbyte");
  });

  it("a careless error code (NUL, lone surrogate) is stored cleaned and fails no batch", async () => {
    const careless = "code\u0000\uD800" as ExecutionRecord["errorCode"];
    const open = (taskId: string) =>
      a.start({
        taskId,
        actorName: "x",
        scheduledFor: at(0),
        startedAt: at(0),
        attempt: 1,
        instanceId: "i",
      });
    const [one, two] = await Promise.all([open("ec1"), open("ec2")]);
    const [bad, plain] = await Promise.all([
      a.finish(one.id, { status: "failed", completedAt: at(1), errorCode: careless }),
      a.finish(two.id, { status: "failed", completedAt: at(1), errorCode: "internal" }),
    ]);
    expect(bad.errorCode).toBe("code\uFFFD\uFFFD");
    expect(plain.errorCode).toBe("internal");
    const started = await a.start({
      taskId: "ec3",
      actorName: "x",
      scheduledFor: at(0),
      startedAt: at(0),
      completedAt: at(1),
      status: "failed",
      attempt: 1,
      instanceId: "i",
      errorCode: careless,
    });
    expect(started.errorCode).toBe("code\uFFFD\uFFFD");
    expect((await b.history("ec3"))[0]?.errorCode).toBe("code\uFFFD\uFFFD");
  });

  it("lone surrogates are stored as U+FFFD in text and JSON alike (a pair is kept)", async () => {
    // Saved in one batch with another task, which the lone surrogates must not fail.
    const [saved] = await Promise.all([
      a.saveTask(
        newTaskState({
          taskId: "s\uD800",
          actorName: "x\uDC00y",
          nextRun: at(0),
          metadata: { note: "a\uD800b", pair: "\uD83D\uDE00", "k\uDFFF": 1, slash: "\\ud800" },
        }),
      ),
      a.saveTask(newTaskState({ taskId: "plain", actorName: "x", nextRun: at(0) })),
    ]);
    expect(saved.taskId).toBe("s\uFFFD");
    const loaded = await b.loadTask("s\uD800");
    expect(loaded).toMatchObject({
      taskId: "s\uFFFD",
      actorName: "x\uFFFDy",
      metadata: { note: "a\uFFFDb", pair: "\uD83D\uDE00", "k\uFFFD": 1, slash: "\\ud800" },
    });
    // Claimed in one batch with another task: the lone surrogate does not fail the statement.
    const leaser = a.leaser({ owner: "S", ttlMs: 60_000 });
    const [claimed, other] = await Promise.all([
      leaser.claim(["s\uD800"], at(0)),
      leaser.claim(["plain"], at(0)),
    ]);
    expect(claimed.map((l) => l.taskId)).toEqual(["s\uFFFD"]);
    expect(other.map((l) => l.taskId)).toEqual(["plain"]);
    // A NUL in a name looked up matches nothing, and fails nothing beside it either.
    await leaser.release(["plain"]);
    const [nul, plainAgain, nulLoaded] = await Promise.all([
      leaser.claim(["plain\u0000"], at(0)),
      leaser.claim(["plain"], at(0)),
      a.loadTask("plain\u0000"),
    ]);
    expect(nul).toEqual([]);
    expect(plainAgain.map((l) => l.taskId)).toEqual(["plain"]);
    expect(nulLoaded).toBeNull();
    const rec = await a.start({
      taskId: "s\uD800",
      actorName: "x",
      scheduledFor: at(0),
      startedAt: at(0),
      attempt: 1,
      instanceId: "i",
      metadata: { m: "\uDBFF" },
    });
    const done = await a.finish(rec.id, {
      status: "failed",
      completedAt: at(1),
      errorCode: "internal",
      errorMessage: "bad\uD800",
    });
    expect(done).toMatchObject({ errorMessage: "bad\uFFFD", metadata: { m: "\uFFFD" } });
  });

  it("calls after close() are rejected as invalid-state", async () => {
    const store = await PostgresStatePersistence.open({ pool, schema, migrate: false });
    await store.close();
    await store.close();
    expect((await rejection(store.loadTask("x"))).code).toBe("invalid-state");
  });
});
