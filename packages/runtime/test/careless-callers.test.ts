import { ActorError, MemoryStatePersistence, type ExecutionResult } from "@actor/core";
import { FakeClock, LatencyStore } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { ActorServerBuilder, SkillActor, postSkill } from "../src/index.js";
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

describe("careless actor results (every path out of an attempt closes its record)", () => {
  it("an actor that resolves with nothing has succeeded, and the task keeps moving", async () => {
    const actor = new ScriptedActor("plain");
    actor.behaviour = async () => undefined as unknown as ExecutionResult;
    const { clock, store, server } = build([{ actor, schedule: every10min }]);
    await server.start();
    await clock.advance(25 * MINUTE);
    const records = await historyOf(store, "plain");
    expect(records.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect((await store.loadTask("plain"))?.lastRun?.toISOString()).toBe(
      "2026-01-05T00:20:00.000Z",
    );
    expect(await server.executeTask("plain")).toMatchObject({ status: "succeeded" });
    await server.shutdown();
  });

  it("a result of the wrong shape is a failed attempt saying what execute() must return; the breaker counts it", async () => {
    const actor = new ScriptedActor("shapeless");
    actor.behaviour = async () => ({}) as ExecutionResult;
    const { clock, store, server } = build([{ actor, schedule: every10min }]);
    await server.start();
    await clock.advance(MINUTE);
    const [record] = await historyOf(store, "shapeless");
    expect(record).toMatchObject({ status: "failed", errorCode: "validation" });
    expect(record?.errorMessage).toContain("execute() must resolve");
    expect((await store.loadTask("shapeless"))?.consecutiveFailures).toBe(1);
    expect((await store.running()).length).toBe(0);
    await server.shutdown();
  });

  it("metadata holding a cycle is stored in a safe form", async () => {
    const actor = new ScriptedActor("cyclic");
    const metadata: Record<string, unknown> = { n: 1 };
    metadata["self"] = metadata;
    actor.behaviour = async () => ({ ...ok(), metadata });
    const { clock, store, server } = build([{ actor, schedule: every10min }]);
    await server.start();
    await clock.advance(MINUTE);
    const [record] = await historyOf(store, "cyclic");
    expect(record).toMatchObject({ status: "succeeded", metadata: { n: 1, self: "[Circular]" } });
    await server.shutdown();
  });

  it("a store that fails to close a record once gets the bare outcome; the slot settles", async () => {
    const clock = new FakeClock(START);
    // Without `settle`, the record is closed by its own `finish` call.
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), { settle: false });
    const actor = new ScriptedActor("unlucky");
    const { server } = build([{ actor, schedule: every10min }], {}, { clock, store });
    const errors: string[] = [];
    server.on("error", (e) => errors.push(`${e.operation} ${e.error.code}`));
    await server.start();
    store.inject({ method: "finish", nth: 1, kind: "fail" });
    await clock.advance(MINUTE);
    expect(errors).toEqual(["record run end unavailable"]);
    expect((await historyOf(store, "unlucky")).map((r) => r.status)).toEqual(["succeeded"]);
    expect((await store.loadTask("unlucky"))?.lastRun?.toISOString()).toBe(
      START.replace("Z", ".000Z"),
    );
    await server.shutdown();
  });
});

describe("a slot ended in one settle call", () => {
  it("a failed settle falls back to finish, save and release: the record is closed and the lease free", async () => {
    const clock = new FakeClock(START);
    const store = new LatencyStore(new MemoryStatePersistence({ clock }));
    const actor = new ScriptedActor("unsettled");
    const { server } = build([{ actor, schedule: every10min }], {}, { clock, store });
    const errors: string[] = [];
    server.on("error", (e) => errors.push(`${e.operation} ${e.error.code}`));
    await server.start();
    store.inject({ method: "settle", nth: 1, kind: "fail" });
    await clock.advance(MINUTE);
    expect(errors).toEqual(["settle slot unavailable"]);
    expect((await historyOf(store, "unsettled")).map((r) => r.status)).toEqual(["succeeded"]);
    expect((await store.loadTask("unsettled"))?.lastRun?.toISOString()).toBe(
      START.replace("Z", ".000Z"),
    );
    // The lease was given up by the fallback: another owner can claim the task at once.
    const other = store.inner.leaser({ owner: "other", ttlMs: 60_000 });
    await store.inner.saveTask({ ...(await store.loadTask("unsettled"))!, nextRun: clock.now() });
    expect(await other.claim(["unsettled"], clock.now())).toHaveLength(1);
    await server.shutdown();
  });

  it("settle is used for the last attempt only: a retried slot closes its first record with finish", async () => {
    const clock = new FakeClock(START);
    const store = new LatencyStore(new MemoryStatePersistence({ clock }));
    const actor = new ScriptedActor("flaky");
    let calls = 0;
    actor.behaviour = async () => {
      if (++calls === 1) throw new ActorError("unavailable", "try again");
      return ok();
    };
    const { server } = build(
      [{ actor, schedule: every10min }],
      { retries: 1, backoffBaseSeconds: 1 },
      { clock, store },
    );
    await server.start();
    const saves = store.calls("saveTask");
    await clock.advance(MINUTE);
    await clock.advance(10_000);
    expect(store.calls("finish")).toBe(1);
    expect(store.calls("settle")).toBe(1);
    expect(store.calls("release")).toBe(0);
    expect(store.calls("saveTask")).toBe(saves);
    expect((await historyOf(store, "flaky")).map((r) => [r.attempt, r.status])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
    await server.shutdown();
  });
});

describe("nothing that leaves the engine can change it", () => {
  it("an actor moving ctx.scheduledFor does not move lastRun or skip later slots", async () => {
    const actor = new ScriptedActor("meddler");
    actor.behaviour = async (ctx) => {
      ctx.scheduledFor.setUTCDate(ctx.scheduledFor.getUTCDate() + 1);
      return ok();
    };
    const { clock, store, server } = build([{ actor, schedule: every10min }]);
    await server.start();
    await clock.advance(25 * MINUTE);
    expect(actor.calls).toHaveLength(3);
    expect((await store.loadTask("meddler"))?.lastRun?.toISOString()).toBe(
      "2026-01-05T00:20:00.000Z",
    );
    expect((await historyOf(store, "meddler")).map((r) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    await server.shutdown();
  });

  it("writing to taskStatus().metadata is not persisted", async () => {
    const actor = new ScriptedActor("status");
    const { clock, store, server } = build([{ actor, schedule: every10min }]);
    await server.start();
    await clock.advance(MINUTE);
    const status = await server.taskStatus("status");
    status.metadata["injected"] = true;
    (status.metadata as { anchor?: string }).anchor = "1999-01-01T00:00:00.000Z";
    await clock.advance(10 * MINUTE);
    expect((await store.loadTask("status"))?.metadata).not.toHaveProperty("injected");
    expect((await server.taskStatus("status")).metadata["anchor"]).not.toBe(
      "1999-01-01T00:00:00.000Z",
    );
    await server.shutdown();
  });
});

describe("events, retries and reloads", () => {
  it("a throwing event listener reaches `error` as an ActorError", async () => {
    const actor = new ScriptedActor("heard");
    const { clock, server } = build([{ actor, schedule: every10min }]);
    const errors: unknown[] = [];
    server.on("run:finish", () => {
      throw new Error("listener bug");
    });
    server.on("error", (e) => errors.push(e.error));
    await server.start();
    await clock.advance(MINUTE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      name: "ActorError",
      code: "internal",
      message: "listener bug",
    });
    expect(errors[0]).toBeInstanceOf(ActorError);
    await server.shutdown();
  });

  it("a rate-limited retry waits at least retryAfterMs", async () => {
    const actor = new ScriptedActor("limited");
    const startedAt: number[] = [];
    actor.behaviour = async (ctx) => {
      startedAt.push(ctx.clock.now().getTime());
      if (ctx.attempt === 1)
        throw new ActorError("rate-limited", "429", { context: { retryAfterMs: 1000 } });
      return ok();
    };
    const { clock, server } = build([{ actor, schedule: every10min }], {
      retries: 2,
      backoffBaseSeconds: 0.006,
      random: () => 1,
    });
    await server.start();
    await clock.advance(MINUTE);
    expect(startedAt).toHaveLength(2);
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(1000);
    await server.shutdown();
  });

  it("a reload that swaps a task's actor updates actorName in status and store", async () => {
    const first = new ScriptedActor("first");
    const second = new ScriptedActor("second");
    const { clock, store, server } = build([
      { actor: first, schedule: every10min, options: { taskId: "job" } },
    ]);
    await server.start();
    await clock.advance(MINUTE);
    await server.reload([{ actor: second, schedule: every10min, options: { taskId: "job" } }]);
    expect((await server.taskStatus("job")).actorName).toBe("second");
    expect((await store.loadTask("job"))?.actorName).toBe("second");
    await clock.advance(10 * MINUTE);
    expect(second.calls).toHaveLength(1);
    await server.shutdown();
  });

  it("reload remove-then-add while a run is in flight keeps one live task that goes on running", async () => {
    const actor = new ScriptedActor("busy");
    actor.behaviour = busyFor(2 * MINUTE);
    const def = { actor, schedule: every10min };
    const { clock, store, server } = build([def], { timeoutSeconds: 600 });
    await server.start();
    await clock.advance(MINUTE); // the 00:00 run is in flight
    await server.reload([]);
    await server.reload([def]);
    await clock.advance(30 * MINUTE);
    const state = await store.loadTask("busy");
    expect(state).toMatchObject({ active: true });
    expect(state?.nextRun).not.toBeNull();
    expect(actor.calls.length).toBeGreaterThanOrEqual(3);
    await shutdownOnClock(clock, server);
  });

  it("an immediate task removed and re-added while it runs never runs twice at once", async () => {
    const actor = new ScriptedActor("hello");
    let live = 0;
    let peak = 0;
    actor.behaviour = async (ctx) => {
      peak = Math.max(peak, ++live);
      try {
        await ctx.clock.sleep(MINUTE, ctx.signal);
      } finally {
        live--;
      }
      return ok();
    };
    const def = { actor, schedule: { type: "immediate" } as const };
    const { clock, server } = build([def], { timeoutSeconds: 600 });
    await server.start();
    await clock.advance(1_000);
    await server.reload([]);
    await server.reload([def]);
    await clock.advance(5 * MINUTE);
    expect(peak).toBe(1);
    await shutdownOnClock(clock, server);
  });
});

describe("manual runs", () => {
  it("a manual run in flight when its task is paused resolves with the record of that run", async () => {
    const actor = new ScriptedActor("manual");
    actor.behaviour = busyFor(MINUTE);
    const { clock, server } = build([
      { actor, schedule: { type: "cron", expression: "0 9 * * *" } },
    ]);
    await server.start();
    const running = server.executeTask("manual");
    await clock.advance(1_000);
    await server.pauseTask("manual");
    await clock.advance(MINUTE);
    expect(await running).toMatchObject({ status: "succeeded", taskId: "manual" });
    await server.shutdown();
  });

  it("a manual run does not take a jittered scheduled slot's place: the slot still runs", async () => {
    const actor = new ScriptedActor("jittered");
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 3600, jitterSeconds: 2 } }],
      { random: () => 0.9 },
    );
    await server.start();
    await clock.advance(10 * MINUTE); // 00:00 ran
    await clock.advanceTo("2026-01-05T01:00:00.300Z");
    await server.executeTask("jittered");
    await clock.advanceTo("2026-01-05T01:00:05Z");
    const records = await historyOf(store, "jittered");
    expect(records.map((r) => `${r.scheduledFor.toISOString()} ${r.status}`)).toEqual([
      "2026-01-05T00:00:00.000Z succeeded",
      "2026-01-05T01:00:00.300Z succeeded",
      "2026-01-05T01:00:00.000Z succeeded",
    ]);
    await server.shutdown();
  });
});

describe("build() checks the services skills need", () => {
  it("rejects a post skill without a poster, naming the builder call to add", () => {
    const actor = new SkillActor({ name: "news", skills: [postSkill()] });
    const builder = new ActorServerBuilder()
      .store(new MemoryStatePersistence())
      .actor(actor, every10min, { destination: "chan" });
    expect(() => builder.build()).toThrow(/\.poster\(/);
  });

  it("rejects a post skill without a destination", () => {
    const actor = new SkillActor({ name: "news", skills: [postSkill()] });
    const builder = new ActorServerBuilder()
      .store(new MemoryStatePersistence())
      .poster({
        platform: "x",
        canPost: () => true,
        post: async () => ({
          id: "1",
          ids: ["1"],
          platform: "x",
          destination: "d",
          postedAt: new Date(),
        }),
      })
      .actor(actor, every10min);
    expect(() => builder.build()).toThrow(/destination/);
  });
});
