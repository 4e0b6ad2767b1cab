import {
  MemoryStatePersistence,
  type ExecutionResult,
  type LeaserOptions,
  type TaskLeaser,
} from "@actor/core";
import { FakeClock, LatencyStore, advanceUntilSettled, crashServer } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import type { Alert, AlertSink } from "../src/index.js";
import {
  MINUTE,
  START,
  ScriptedActor,
  build,
  busyFor,
  historyOf,
  ok,
  shutdownOnClock,
} from "./support/harness.js";

const every10min = { type: "interval", seconds: 600 } as const;
const daily9 = { type: "cron", expression: "0 9 * * *" } as const;

describe("crash takeover inside the lease", () => {
  it("a slot whose owner died is closed abandoned by a peer's sweep and runs again under its key", async () => {
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const data = new MemoryStatePersistence({ clock });
    const wireA = new LatencyStore(data, { clock });
    const actor = new ScriptedActor("daily");
    actor.behaviour = busyFor(10 * MINUTE);
    const a = build(
      [{ actor, schedule: daily9 }],
      { timeoutSeconds: 3600 },
      { clock, store: wireA },
    );
    await a.server.start();
    await clock.advance(2 * MINUTE); // A is running the 09:00 slot
    expect((await data.running()).length).toBe(1);
    crashServer(a.server, wireA);

    actor.behaviour = async () => ok();
    const b = build([{ actor, schedule: daily9 }], {}, { clock, store: data });
    await b.server.start(); // 09:01, A's lease (60 s TTL, renewed at 09:00:20/40/09:01:00) still valid
    await clock.advance(3 * MINUTE);
    const records = await historyOf(data, "daily");
    expect(
      records.map((r) => `${r.instanceId === a.server.instanceId ? "A" : "B"} ${r.status}`),
    ).toEqual(["A abandoned", "B succeeded"]);
    expect(records[1]?.scheduledFor.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    const keys = actor.calls.map((c) => c.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set(["daily@2026-01-05T09:00:00.000Z"]));
    expect((await data.loadTask("daily"))?.lastRun?.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    await b.server.shutdown();
  });
});

describe("a fixed instanceId", () => {
  it("closes its own crashed runs at the next start", async () => {
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const data = new MemoryStatePersistence({ clock });
    const wire = new LatencyStore(data, { clock });
    const actor = new ScriptedActor("daily");
    actor.behaviour = busyFor(10 * MINUTE);
    const options = { instanceId: "bot-1", timeoutSeconds: 3600 };
    const a = build([{ actor, schedule: daily9 }], options, { clock, store: wire });
    await a.server.start();
    await clock.advance(2 * MINUTE);
    crashServer(a.server, wire);
    await clock.advance(2 * MINUTE); // the registration lapses

    actor.behaviour = async () => ok();
    const b = build([{ actor, schedule: daily9 }], options, { clock, store: data });
    await b.server.start();
    await clock.advance(MINUTE);
    expect((await historyOf(data, "daily")).map((r) => r.status)).toEqual([
      "abandoned",
      "succeeded",
    ]);
    await b.server.shutdown();
  });

  it("a second live process with the same id refuses to start, naming the other pid and host", async () => {
    const clock = new FakeClock(START);
    const store = new MemoryStatePersistence({ clock });
    const a = build([], { instanceId: "bot-1" }, { clock, store });
    await a.server.start();
    const b = build([], { instanceId: "bot-1" }, { clock, store });
    await expect(b.server.start()).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(new RegExp(`pid ${process.pid} on host`)),
    });
    expect(b.server.phase).toBe("idle");
    await clock.advance(10 * MINUTE); // A renews; B still cannot start
    await expect(b.server.start()).rejects.toMatchObject({ code: "conflict" });
    await a.server.shutdown(); // a clean stop frees the id at once
    await b.server.start();
    await b.server.shutdown();
  });
});

describe("shutdown with a slow store", () => {
  it("no attempt starts once shutdown has begun, and the deadline holds", async () => {
    const clock = new FakeClock(START);
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), {
      latencyMs: 150,
      clock,
    });
    const actor = new ScriptedActor("slow");
    const { server } = build(
      [{ actor, schedule: every10min }],
      { shutdownTimeoutSeconds: 0.1 },
      { clock, store },
    );
    await advanceUntilSettled(clock, server.start());
    const began = clock.nowMs();
    await advanceUntilSettled(clock, server.shutdown());
    // 0.1 s for the runs, then at most 0.1 s for their records and 0.1 s for leases and registration.
    expect(clock.nowMs() - began).toBeLessThanOrEqual(300);
    expect(actor.calls).toHaveLength(0);
    const records = await historyOf(store.inner, "slow");
    expect(records.every((r) => r.status === "skipped")).toBe(true);
  });

  it("shutdown takes about its deadline, not the run timeout, when a run hangs on a slow store", async () => {
    const clock = new FakeClock(START);
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), {
      latencyMs: [1, 150],
      clock,
    });
    const actor = new ScriptedActor("hung");
    actor.behaviour = () => new Promise<ExecutionResult>(() => {});
    const { server } = build(
      [{ actor, schedule: every10min }],
      { shutdownTimeoutSeconds: 1, timeoutSeconds: 300 },
      { clock, store },
    );
    await advanceUntilSettled(clock, server.start());
    await clock.advance(2_000);
    expect(actor.calls).toHaveLength(1);
    const began = clock.nowMs();
    await advanceUntilSettled(clock, server.shutdown());
    expect(clock.nowMs() - began).toBeLessThan(2_000);
    const [record] = await historyOf(store.inner, "hung");
    expect(record).toMatchObject({ status: "interrupted" });
  });
});

describe("runs that ignore their AbortSignal", () => {
  it("keep their task and pool slot; past the hard limit the task is paused with an alert", async () => {
    const stuck = new ScriptedActor("stuck");
    stuck.behaviour = () => new Promise<ExecutionResult>(() => {});
    const other = new ScriptedActor("other");
    const alerts: Alert[] = [];
    const sink: AlertSink = { send: async (a) => void alerts.push(a) };
    const { clock, store, server } = build(
      [
        { actor: stuck, schedule: { type: "interval", seconds: 10 } },
        { actor: other, schedule: { type: "interval", seconds: 10 } },
      ],
      { timeoutSeconds: 5, retries: 3, backoffBaseSeconds: 0.001, maxConcurrency: 1 },
      {},
      sink,
    );
    await server.start();
    await clock.advance(60_000);
    expect(stuck.calls).toHaveLength(1); // never a second execution beside the hung one
    expect(alerts.map((a) => `${a.kind} ${a.taskId}`)).toEqual(["run-hung stuck"]);
    expect(await store.loadTask("stuck")).toMatchObject({
      paused: true,
      pauseReason: "circuit-open",
    });
    // The hung run still holds the only pool slot: the other task waits behind it.
    expect(other.calls.length).toBeLessThanOrEqual(1);
    const statuses = (await historyOf(store, "stuck")).map((r) => r.status);
    expect(statuses[0]).toBe("timed-out");
    expect(statuses.slice(1).every((s) => s === "skipped")).toBe(true);
    await shutdownOnClock(clock, server);
  });
});

describe("shutdown during a sweep of dead runs", () => {
  it("waits for the sweep in progress: nothing reaches the store after shutdown resolves", async () => {
    const clock = new FakeClock("2026-01-05T08:00:00Z");
    const data = new MemoryStatePersistence({ clock });
    // A peer's run left `running` (its lease long gone): the sweep will close it.
    const dead = await data.start({
      taskId: "daily",
      actorName: "daily",
      scheduledFor: new Date("2026-01-05T07:00:00Z"),
      startedAt: new Date("2026-01-05T07:00:00Z"),
      attempt: 1,
      instanceId: "peer",
    });
    let gate: (() => void) | null = null;
    let held = false;
    let stopped = false;
    const lateCalls: string[] = [];
    const store = new Proxy(data, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (stopped) lateCalls.push(String(prop));
          const call = () => (value as (...a: unknown[]) => unknown).apply(target, args);
          if (prop === "running" && held) {
            held = false;
            return new Promise((resolve) => (gate = () => resolve(call())));
          }
          return call();
        };
      },
    });
    const actor = new ScriptedActor("daily");
    const { server } = build([{ actor, schedule: daily9 }], {}, { clock, store });
    await server.start();
    held = true;
    await clock.advance(25_000); // the presence beat at 20 s starts a sweep, held in `running()`
    expect(gate).not.toBeNull();
    let done = false;
    const stopping = server.shutdown().then(() => {
      done = true;
      stopped = true;
    });
    await clock.advance(1_000);
    expect(done).toBe(false);
    gate!();
    for (let i = 0; i < 100 && !done; i++) await clock.advance(100);
    await stopping;
    expect(lateCalls).toEqual([]);
    const record = (await data.history("daily")).find((r) => r.id === dead.id);
    expect(record?.status).toBe("abandoned");
  });
});

describe("a slot begun in one step (TaskLeaser.begin)", () => {
  it("shutdown while the claim and record are in flight: the record is closed skipped, the actor never runs", async () => {
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const data = new MemoryStatePersistence({ clock });
    const wire = new LatencyStore(data, { clock, latencyMs: 5_000 });
    const actor = new ScriptedActor("daily");
    const { server } = build([{ actor, schedule: daily9 }], {}, { clock, store: wire });
    await advanceUntilSettled(clock, server.start(), { stepMs: 1_000 });
    await clock.advance(Date.parse("2026-01-05T09:00:01Z") - clock.now().getTime());
    expect(wire.inFlight).toBe(1); // the slot's begin()
    await shutdownOnClock(clock, server);
    const records = await historyOf(data, "daily");
    expect(records.map((r) => [r.status, r.metadata])).toEqual([
      ["skipped", { trigger: "schedule", reason: "stopping" }],
    ]);
    expect(actor.calls).toEqual([]);
    expect(await data.running()).toEqual([]);
  });

  it("a begin that fails leaves the slot to a later claim and loses no record", async () => {
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const data = new MemoryStatePersistence({ clock });
    const wire = new LatencyStore(data, { clock });
    wire.inject({ method: "begin", nth: 1, kind: "fail" });
    const actor = new ScriptedActor("daily");
    actor.behaviour = async () => ok();
    const { server } = build([{ actor, schedule: daily9 }], {}, { clock, store: wire });
    await server.start();
    await clock.advance(2 * MINUTE);
    expect(actor.calls).toEqual([]);
    expect(await data.running()).toEqual([]);
    await shutdownOnClock(clock, server);
  });
});

describe("the dead-run sweep", () => {
  it("closes many dead runs of a crashed peer with one claim call, not one per record", async () => {
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const data = new MemoryStatePersistence({ clock });
    const wireA = new LatencyStore(data, { clock });
    const actor = new ScriptedActor("daily");
    actor.behaviour = busyFor(10 * MINUTE);
    const tasks = Array.from({ length: 40 }, (_, i) => ({
      actor,
      schedule: daily9,
      options: { taskId: `d${i}` },
    }));
    const a = build(tasks, { timeoutSeconds: 3600, maxConcurrency: 64 }, { clock, store: wireA });
    await a.server.start();
    await clock.advance(2 * MINUTE);
    expect((await data.running()).length).toBe(40);
    crashServer(a.server, wireA);
    await clock.advance(2 * MINUTE); // A's leases and registration lapse

    let claimCalls = 0;
    const counted = new Proxy(data, {
      get(target, key) {
        if (key === "leaser")
          return (options: LeaserOptions): TaskLeaser => {
            const inner = target.leaser(options);
            return {
              owner: inner.owner,
              claimDue: (now, limit) => inner.claimDue(now, limit),
              claim: (ids, now) => {
                claimCalls++;
                return inner.claim(ids, now);
              },
              renew: (ids, now) => inner.renew(ids, now),
              release: (ids) => inner.release(ids),
              ...(inner.settle ? { settle: inner.settle } : {}),
              ...(inner.begin ? { begin: inner.begin } : {}),
            };
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    actor.behaviour = async () => ok();
    const b = build(tasks, { maxConcurrency: 64 }, { clock, store: counted });
    await b.server.start();
    await clock.advance(MINUTE);
    for (let i = 0; i < 40; i++)
      expect((await historyOf(data, `d${i}`)).map((r) => r.status)).toEqual([
        "abandoned",
        "succeeded",
      ]);
    expect(claimCalls).toBeLessThanOrEqual(2);
    await b.server.shutdown();
  });
});
