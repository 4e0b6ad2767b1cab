import {
  newTaskState,
  type ActorError,
  type ExecutionRecord,
  type TaskLeaser,
  type TaskState,
} from "@actor/core";
import { ActorServerBuilder, functionActor } from "@actor/runtime";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, PostgresStatePersistence, type PgPoolLike } from "../src/index.js";
import { dropSchema, rejection, schemaName, testPool, truncateAll } from "./support/pg.js";

// One schema for the file; every test starts from empty tables. The store's pool is wrapped to
// count the settle statements and, on demand, to lose the reply of one after it committed.
const pool = testPool(4);
const storePool = testPool(4);
const schema = schemaName("settle");
const T0 = new Date("2026-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
/** The settle statements sent (the batched write, not the follow-up read). */
let settleStatements = 0;
/** How many of the next settle statements commit but answer with a dropped connection. */
let repliesToLose = 0;
let store: PostgresStatePersistence;
let a: TaskLeaser;
let b: TaskLeaser;

const isSettle = (text: string) => text.includes("slocked AS");

/** `inner` with each client's `query` watched (one wrapper per client, kept for its lifetime). */
function watchedPool(inner: pg.Pool): PgPoolLike {
  const wrapped = new WeakMap<object, pg.PoolClient>();
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    const query = async (text: string, values?: unknown[]) => {
      const settle = typeof text === "string" && isSettle(text);
      if (settle) settleStatements++;
      const result = await client.query(text, values);
      if (settle && repliesToLose > 0) {
        repliesToLose--;
        throw new Error("Connection terminated unexpectedly");
      }
      return result;
    };
    return new Proxy(client, {
      get: (target, prop) => {
        if (prop === "query") return query;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    });
  };
  return {
    options: inner.options,
    end: () => inner.end(),
    connect: async () => {
      const client = await inner.connect();
      let proxy = wrapped.get(client);
      if (!proxy) wrapped.set(client, (proxy = wrap(client)));
      return proxy as never;
    },
  };
}

beforeAll(async () => {
  const { error } = await migrateToLatest({ pool, schema });
  if (error) throw error;
  store = await PostgresStatePersistence.open({
    pool: watchedPool(storePool),
    schema,
    migrate: false,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
  a = store.leaser({ owner: "A", ttlMs: 60_000 });
  b = store.leaser({ owner: "B", ttlMs: 60_000 });
});

afterAll(async () => {
  await store.close();
  await storePool.end();
  await dropSchema(pool, schema);
  await pool.end();
});

beforeEach(async () => {
  await truncateAll(pool, schema);
  settleStatements = 0;
  repliesToLose = 0;
});

/** A due task leased by `leaser` with a running record: a slot in the middle of its run. */
async function runningSlot(
  taskId: string,
  leaser: TaskLeaser = a,
): Promise<{ state: TaskState; record: ExecutionRecord }> {
  const state = await store.saveTask(newTaskState({ taskId, actorName: "x", nextRun: at(-1) }));
  expect(await leaser.claim([taskId], at(0))).toHaveLength(1);
  const record = await store.start({
    taskId,
    actorName: "x",
    scheduledFor: at(-1),
    startedAt: at(0),
    attempt: 1,
    instanceId: "i",
    metadata: { trigger: "schedule" },
  });
  return { state, record };
}

/** The state after a successful run of the slot. */
const ran = (state: TaskState): TaskState => ({
  ...state,
  lastRun: at(-1),
  nextRun: at(60_000),
  metadata: { runs: 1 },
});

const succeeded = { status: "succeeded", completedAt: at(5), skillsSucceeded: 2 } as const;

/** What is stored of a task: version, lease and the fields a settle writes. */
async function stored(taskId: string) {
  const { rows } = await pool.query<{
    version: number;
    lease_owner: string | null;
    lease_expires_at: Date | null;
    next_run: Date | null;
  }>(
    `SELECT version, lease_owner, lease_expires_at, next_run FROM "${schema}".actor_server_state
     WHERE task_id = $1`,
    [taskId],
  );
  return rows[0] ?? null;
}

async function recordStatus(id: string): Promise<string | null> {
  const { rows } = await pool.query<{ status: string }>(
    `SELECT status FROM "${schema}".actor_server_executions WHERE id = $1`,
    [id],
  );
  return rows[0]?.status ?? null;
}

describe("PostgresLeaser.settle", () => {
  it("closes the record, saves the state (version bumped) and frees the lease at once", async () => {
    const { state, record } = await runningSlot("t");
    const settled = await a.settle!({
      executionId: record.id,
      outcome: { ...succeeded, metadata: { posted: true } },
      state: ran(state),
    });
    expect(settled.record).toMatchObject({
      id: record.id,
      taskId: "t",
      status: "succeeded",
      completedAt: at(5),
      skillsSucceeded: 2,
      skillsFailed: 0,
      metadata: { trigger: "schedule", posted: true },
    });
    expect(settled.state).toEqual({ ...ran(state), version: 2, updatedAt: expect.any(Date) });
    expect(settled.state.updatedAt.getTime()).toBeGreaterThanOrEqual(state.updatedAt.getTime());
    expect(await store.loadTask("t")).toEqual(settled.state);
    expect((await store.history("t"))[0]).toEqual(settled.record);
    expect(await stored("t")).toMatchObject({
      version: 2,
      lease_owner: null,
      lease_expires_at: null,
    });
    // Due again (the lease is free): another owner's claim wins at once.
    await store.saveTask({ ...settled.state, nextRun: at(-1) });
    expect(await b.claim(["t"], at(10))).toEqual([
      { taskId: "t", owner: "B", expiresAt: at(60_010) },
    ]);
  });

  it("200 concurrent settles all succeed in a few statements", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(3, "0")}`);
    const slots = await Promise.all(ids.map((id) => runningSlot(id)));
    settleStatements = 0;
    const settled = await Promise.all(
      slots.map(({ state, record }) =>
        a.settle!({ executionId: record.id, outcome: succeeded, state: ran(state) }),
      ),
    );
    expect(settleStatements).toBeGreaterThanOrEqual(1);
    expect(settleStatements).toBeLessThanOrEqual(5);
    expect(settled.map((s) => s.state.taskId)).toEqual(ids);
    expect(settled.every((s) => s.record.status === "succeeded" && s.state.version === 2)).toBe(
      true,
    );
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".actor_server_state
       WHERE version = 2 AND lease_owner IS NULL AND next_run = $1`,
      [at(60_000)],
    );
    expect(rows[0]!.n).toBe(200);
    expect(await store.running()).toEqual([]);
  });

  it("a record already final is invalid-state and changes nothing: state and lease stay", async () => {
    const { state, record } = await runningSlot("t");
    await store.finish(record.id, { status: "failed", completedAt: at(3) });
    const before = await stored("t");
    const error = await rejection(
      a.settle!({ executionId: record.id, outcome: succeeded, state: ran(state) }),
    );
    expect(error.code).toBe("invalid-state");
    expect(error.message).toBe(`execution ${record.id} already finished as failed`);
    expect(await stored("t")).toEqual(before);
    expect(before).toMatchObject({ version: 1, lease_owner: "A" });
    expect(await recordStatus(record.id)).toBe("failed");
  });

  it("an unknown execution id is not-found and nothing is written", async () => {
    const { state, record } = await runningSlot("t");
    const before = await stored("t");
    for (const executionId of [String(BigInt(record.id) + 1000n), "not-an-id"]) {
      const error = await rejection(
        a.settle!({ executionId, outcome: succeeded, state: ran(state) }),
      );
      expect(error.code).toBe("not-found");
      expect(error.message).toBe(`no execution with id ${executionId}`);
    }
    expect(await stored("t")).toEqual(before);
    expect(await recordStatus(record.id)).toBe("running");
    // A task without a row is not created either.
    await rejection(
      a.settle!({
        executionId: String(BigInt(record.id) + 1000n),
        outcome: succeeded,
        state: newTaskState({ taskId: "new", actorName: "x" }),
      }),
    );
    expect(await stored("new")).toBeNull();
  });

  it("a bad state or outcome is a validation error raised before anything is sent", async () => {
    const { state, record } = await runningSlot("t");
    const before = await stored("t");
    settleStatements = 0;
    const bad = [
      { executionId: record.id, outcome: succeeded, state: { ...state, nextRun: new Date(NaN) } },
      { executionId: record.id, outcome: succeeded, state: { ...state, actorName: "a\u0000b" } },
      { executionId: record.id, outcome: succeeded, state: { ...state, consecutiveFailures: 0.5 } },
      {
        executionId: record.id,
        outcome: { ...succeeded, completedAt: new Date(NaN) },
        state: ran(state),
      },
      {
        executionId: record.id,
        outcome: { ...succeeded, status: "running" as never },
        state: ran(state),
      },
    ];
    for (const settlement of bad) {
      const error = await rejection(a.settle!(settlement));
      expect(error.code).toBe("validation");
    }
    expect(settleStatements).toBe(0);
    expect(await stored("t")).toEqual(before);
    expect(await recordStatus(record.id)).toBe("running");
  });

  it("a lease another owner holds is kept; the record is closed and the state saved", async () => {
    const short = store.leaser({ owner: "A", ttlMs: 1_000 });
    const { state, record } = await runningSlot("t", short);
    // A's lease expired and B took the task over while A's run was still ending.
    expect(await b.claim(["t"], at(1_000))).toHaveLength(1);
    const settled = await short.settle!({
      executionId: record.id,
      outcome: succeeded,
      state: ran(state),
    });
    expect(settled.state.version).toBe(2);
    expect(await stored("t")).toEqual({
      version: 2,
      lease_owner: "B",
      lease_expires_at: at(61_000),
      next_run: at(60_000),
    });
    expect(await recordStatus(record.id)).toBe("succeeded");
  });

  it("a task without a state row is inserted (saveTask upserts), with no lease", async () => {
    const record = await store.start({
      taskId: "fresh",
      actorName: "x",
      scheduledFor: at(0),
      startedAt: at(0),
      attempt: 1,
      instanceId: "i",
    });
    const settled = await a.settle!({
      executionId: record.id,
      outcome: succeeded,
      state: newTaskState({ taskId: "fresh", actorName: "x", nextRun: at(60_000) }),
    });
    expect(settled.state.version).toBe(1);
    expect(await stored("fresh")).toMatchObject({ version: 1, lease_owner: null });
  });

  it("good and bad settlements in one batch: the good are stored, the bad rejected alone", async () => {
    const good = await Promise.all(["g1", "g2", "g3"].map((id) => runningSlot(id)));
    const final = await runningSlot("final");
    await store.finish(final.record.id, { status: "interrupted", completedAt: at(2) });
    const unknown = await runningSlot("unknown");
    // Two settlements naming one record: the first to close it wins, the other is reported final.
    const shared = await runningSlot("shared");
    const twin = await runningSlot("twin", b);
    const before = {
      final: await stored("final"),
      unknown: await stored("unknown"),
    };
    settleStatements = 0;
    const outcomes = await Promise.allSettled([
      ...good.map(({ state, record }) =>
        a.settle!({ executionId: record.id, outcome: succeeded, state: ran(state) }),
      ),
      a.settle!({ executionId: final.record.id, outcome: succeeded, state: ran(final.state) }),
      a.settle!({ executionId: "999999999", outcome: succeeded, state: ran(unknown.state) }),
      a.settle!({ executionId: shared.record.id, outcome: succeeded, state: ran(shared.state) }),
      b.settle!({ executionId: shared.record.id, outcome: succeeded, state: ran(twin.state) }),
    ]);
    expect(settleStatements).toBe(1);
    for (const [i, id] of ["g1", "g2", "g3"].entries()) {
      expect(outcomes[i]).toMatchObject({ status: "fulfilled", value: { state: { version: 2 } } });
      expect(await stored(id)).toMatchObject({ version: 2, lease_owner: null });
    }
    const reason = (i: number) => (outcomes[i] as PromiseRejectedResult).reason as ActorError;
    expect(reason(3).code).toBe("invalid-state");
    expect(reason(3).message).toMatch(/already finished as interrupted/);
    expect(reason(4).code).toBe("not-found");
    expect(await stored("final")).toEqual(before.final);
    expect(await stored("unknown")).toEqual(before.unknown);
    expect(await recordStatus(unknown.record.id)).toBe("running");
    // Of the two naming one record, exactly one settled; the other's task is untouched.
    const twins = [outcomes[5]!, outcomes[6]!];
    expect(twins.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const lost = twins.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as ActorError).code).toBe("invalid-state");
    const winner = outcomes[5]!.status === "fulfilled" ? "shared" : "twin";
    const loser = winner === "shared" ? "twin" : "shared";
    expect(await stored(winner)).toMatchObject({ version: 2, lease_owner: null });
    expect(await stored(loser)).toMatchObject({
      version: 1,
      lease_owner: loser === "twin" ? "B" : "A",
    });
    expect(await recordStatus(shared.record.id)).toBe("succeeded");
  });

  it("a retry after a reply lost in transit answers success, and the state was saved once", async () => {
    const { state, record } = await runningSlot("t");
    repliesToLose = 1;
    const settled = await a.settle!({
      executionId: record.id,
      outcome: succeeded,
      state: ran(state),
    });
    expect(settleStatements).toBe(2);
    expect(settled.record).toMatchObject({ id: record.id, status: "succeeded" });
    expect(settled.state).toEqual({ ...ran(state), version: 2, updatedAt: expect.any(Date) });
    expect(await store.loadTask("t")).toEqual(settled.state);
    expect(await stored("t")).toMatchObject({ version: 2, lease_owner: null });
  });

  it("a retry that finds another outcome stored is invalid-state, not success", async () => {
    const { state, record } = await runningSlot("t");
    // Only its own outcome counts as a success on a retry: here another one was stored first.
    await store.finish(record.id, { status: "failed", completedAt: at(4) });
    repliesToLose = 1;
    const error = await rejection(
      a.settle!({ executionId: record.id, outcome: succeeded, state: ran(state) }),
    );
    expect(error.code).toBe("invalid-state");
    expect(await stored("t")).toMatchObject({ version: 1, lease_owner: "A" });
  });
});

describe("settles racing the other batches", () => {
  it("settles, saves, claims and releases of the same tasks from two stores never deadlock", async () => {
    const warnings: string[] = [];
    const logger = {
      warn: (message: string, data?: unknown) =>
        warnings.push(`${message} ${JSON.stringify(data)}`),
      error: () => {},
    };
    const open = () =>
      PostgresStatePersistence.open({ pool: storePool, schema, migrate: false, logger });
    const [one, two] = [await open(), await open()];
    try {
      const ids = Array.from({ length: 500 }, (_, i) => `r${String(i).padStart(3, "0")}`);
      const slots = await Promise.all(ids.map((id) => runningSlot(id)));
      const settler = one.leaser({ owner: "A", ttlMs: 60_000 });
      const other = two.leaser({ owner: "B", ttlMs: 60_000 });
      const reversed = [...slots].reverse();
      const results = await Promise.allSettled([
        ...slots.map(({ state, record }) =>
          settler.settle!({ executionId: record.id, outcome: succeeded, state: ran(state) }),
        ),
        ...reversed.map(({ state }) => two.saveTask({ ...state, metadata: { other: true } })),
        ...reversed.map(({ state }) => other.claim([state.taskId], at(0))),
        ...reversed.map(({ state }) => other.release([state.taskId])),
      ]);
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(warnings.filter((w) => /deadlock|40P01/.test(w))).toEqual([]);
      expect(await store.running()).toEqual([]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe("the engine on the PostgreSQL store", () => {
  it("ends a run with one settle: record closed, state saved, lease free", async () => {
    const server = new ActorServerBuilder()
      .persistence(store)
      .options({ instanceId: "engine" })
      .actor(
        functionActor("hello", async () => {}),
        { type: "cron", expression: "0 9 * * *" },
        { taskId: "hello" },
      )
      .build();
    await server.start();
    try {
      const before = await stored("hello");
      settleStatements = 0;
      const record = await server.executeTask("hello");
      expect(record.status).toBe("succeeded");
      expect(settleStatements).toBe(1);
      expect(await recordStatus(record.id)).toBe("succeeded");
      expect(await stored("hello")).toMatchObject({
        version: before!.version + 1,
        lease_owner: null,
      });
    } finally {
      await server.shutdown();
    }
  });
});

describe("batched record starts", () => {
  it("each of 120 starts sent together gets its own record's id (ids ordered by position, not as text)", async () => {
    const records = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        store.start({
          taskId: `start-${i}`,
          actorName: "a",
          scheduledFor: at(i),
          startedAt: at(i),
          attempt: 1,
          instanceId: "i",
        }),
      ),
    );
    for (const [i, record] of records.entries()) {
      expect(record.taskId).toBe(`start-${i}`);
      const [stored] = await store.history(`start-${i}`);
      expect(stored?.id).toBe(record.id);
    }
  });
});
