import { MemoryStatePersistence, newTaskState } from "@actor/core";
import { describe, expect, it } from "vitest";
import { FakeClock } from "@actor/testkit";
import { ActorServerBuilder, DEFAULT_SERVER_OPTIONS } from "../src/index.js";
import { HeapTaskScheduler } from "../src/internal/index.js";
import {
  HOUR,
  MINUTE,
  START,
  ScriptedActor,
  build,
  busyFor,
  historyOf,
  shutdownOnClock,
} from "./support/harness.js";

describe("pause and resume", () => {
  it("a paused task does not run; resume recomputes next run from now and never runs the slots missed while paused", async () => {
    const actor = new ScriptedActor("hourly");
    const { clock, store, server } = build([
      { actor, schedule: { type: "cron", expression: "0 * * * *" } },
    ]);
    const paused: string[] = [];
    server.on("task:paused", (e) => paused.push(e.reason));
    await server.start();
    await clock.advance(90 * MINUTE); // 01:00 ran
    const status = await server.pauseTask("hourly");
    expect(status).toMatchObject({ paused: true, pauseReason: "manual", nextRun: null });
    expect(await store.loadTask("hourly")).toMatchObject({ paused: true, nextRun: null });
    await clock.advance(5 * HOUR); // 02:00 .. 06:00 pass
    const resumed = await server.resumeTask("hourly");
    expect(resumed.nextRun?.toISOString()).toBe("2026-01-05T07:00:00.000Z");
    expect((await store.loadTask("hourly"))?.nextRun?.toISOString()).toBe(
      "2026-01-05T07:00:00.000Z",
    );
    await clock.advance(HOUR);
    expect(actor.slots()).toEqual(["2026-01-05T01:00:00.000Z", "2026-01-05T07:00:00.000Z"]);
    expect(paused).toEqual(["manual"]);
    await server.shutdown();
  });
});

describe("manual trigger", () => {
  it("runs the task now with trigger manual and returns its record; the schedule is unchanged", async () => {
    const actor = new ScriptedActor("daily");
    const { clock, store, server } = build([
      { actor, schedule: { type: "cron", expression: "0 9 * * *" } },
    ]);
    await server.start();
    await clock.advance(MINUTE);
    const record = await server.executeTask("daily");
    expect(record).toMatchObject({ status: "succeeded", taskId: "daily", attempt: 1 });
    expect(record.scheduledFor.toISOString()).toBe("2026-01-05T00:01:00.000Z");
    expect(actor.calls[0]).toMatchObject({
      trigger: "manual",
      idempotencyKey: "daily@2026-01-05T00:01:00.000Z",
    });
    expect((await store.loadTask("daily"))?.nextRun?.toISOString()).toBe(
      "2026-01-05T09:00:00.000Z",
    );
    await server.shutdown();
  });

  it("respects overlap: triggering a running task returns a skipped record", async () => {
    const actor = new ScriptedActor("slow");
    actor.behaviour = busyFor(4 * MINUTE);
    const { clock, store, server } = build([
      { actor, schedule: { type: "interval", seconds: 3_600 } },
    ]);
    await server.start();
    await clock.advance(MINUTE);
    expect((await server.taskStatus("slow")).running).toBe(true);
    const record = await server.executeTask("slow");
    expect(record).toMatchObject({
      status: "skipped",
      metadata: { reason: "overlap", trigger: "manual" },
    });
    expect(actor.calls).toHaveLength(1);
    await clock.advance(10 * MINUTE);
    expect((await historyOf(store, "slow")).map((r) => r.status)).toEqual(["succeeded", "skipped"]);
    await server.shutdown();
  });

  it("unknown task ids are not-found errors; control before start is invalid-state", async () => {
    const { server } = build([{ actor: new ScriptedActor("x"), schedule: { type: "immediate" } }]);
    await expect(server.taskStatus("x")).rejects.toMatchObject({ code: "invalid-state" });
    await server.start();
    for (const call of [
      () => server.taskStatus("nope"),
      () => server.executeTask("nope"),
      () => server.pauseTask("nope"),
      () => server.resumeTask("nope"),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: "ActorError", code: "not-found" });
    }
    await server.shutdown();
  });
});

describe("reload", () => {
  it("adds, removes and changes tasks without a restart and without losing state", async () => {
    const a = new ScriptedActor("a");
    const b = new ScriptedActor("b");
    const c = new ScriptedActor("c");
    const { clock, store, server } = build([
      { actor: a, schedule: { type: "interval", seconds: 600 } },
      { actor: b, schedule: { type: "cron", expression: "0 * * * *" } },
    ]);
    await server.start();
    await clock.advance(65 * MINUTE);
    expect(a.calls).toHaveLength(7);
    expect(b.calls).toHaveLength(1);
    await server.pauseTask("b");

    await server.reload([
      { actor: a, schedule: { type: "interval", seconds: 1_800 } }, // changed schedule
      { actor: c, schedule: { type: "immediate" } }, // added; b removed
    ]);
    const sa = await store.loadTask("a");
    expect(sa?.nextRun?.toISOString()).toBe("2026-01-05T01:30:00.000Z"); // same anchor, new period
    expect(sa?.lastRun?.toISOString()).toBe("2026-01-05T01:00:00.000Z");
    expect(await store.loadTask("b")).toMatchObject({ active: false, paused: true, nextRun: null });
    await clock.advance(MINUTE);
    expect(c.calls.map((x) => x.trigger)).toEqual(["startup"]);
    await clock.advance(2 * HOUR);
    expect(a.slots().slice(7)).toEqual([
      "2026-01-05T01:30:00.000Z",
      "2026-01-05T02:00:00.000Z",
      "2026-01-05T02:30:00.000Z",
      "2026-01-05T03:00:00.000Z",
    ]);
    expect(b.calls).toHaveLength(1);
    expect(c.calls).toHaveLength(1);

    await server.reload([
      { actor: a, schedule: { type: "interval", seconds: 1_800 } },
      { actor: c, schedule: { type: "immediate" } },
      { actor: b, schedule: { type: "cron", expression: "0 * * * *" } }, // back again, still paused
    ]);
    expect(await store.loadTask("b")).toMatchObject({ active: true, paused: true });
    expect(c.calls).toHaveLength(1); // unchanged immediate does not fire again
    await server.shutdown();
  });

  it("rejects an invalid definition with invalid-config and keeps the running tasks", async () => {
    const a = new ScriptedActor("a");
    const { server } = build([{ actor: a, schedule: { type: "interval", seconds: 600 } }]);
    await server.start();
    await expect(
      server.reload([{ actor: a, schedule: { type: "cron", expression: "61 * * * *" } }]),
    ).rejects.toMatchObject({
      code: "invalid-config",
    });
    expect((await server.taskStatus("a")).active).toBe(true);
    await server.shutdown();
  });
});

describe("ActorServerBuilder", () => {
  it("fails at build() with invalid-config naming the missing store", () => {
    expect(() => new ActorServerBuilder().build()).toThrowError(
      expect.objectContaining({
        code: "invalid-config",
        message: expect.stringContaining("call .store(store)"),
      }),
    );
  });

  it("rejects duplicate task ids and bad options, naming them", () => {
    const store = new MemoryStatePersistence();
    const a = new ScriptedActor("a");
    expect(() =>
      new ActorServerBuilder()
        .store(store)
        .actor(a, { type: "immediate" })
        .actor(a, { type: "immediate" })
        .build(),
    ).toThrowError(
      expect.objectContaining({ code: "invalid-config", message: expect.stringContaining('"a"') }),
    );
    expect(() =>
      new ActorServerBuilder().store(store).options({ maxConcurrency: 0 }).build(),
    ).toThrowError(
      expect.objectContaining({
        code: "invalid-config",
        message: expect.stringContaining("maxConcurrency"),
      }),
    );
  });

  it("builds with an empty actor list; defaults come from one constant and each server gets its own instance id", async () => {
    const store = new MemoryStatePersistence();
    const one = new ActorServerBuilder().persistence(store).build(); // the deprecated alias still works
    const two = new ActorServerBuilder().store(store).options({ retries: 5 }).build();
    expect(one.options).toMatchObject({ ...DEFAULT_SERVER_OPTIONS, instanceId: one.instanceId });
    expect(two.options.retries).toBe(5);
    expect(one.instanceId).not.toBe(two.instanceId);
    expect(one.instanceId).toMatch(/^.+-\d+-[a-z0-9]+$/);
  });
});

describe("lease", () => {
  it("skips a due slot whose task another live instance holds", async () => {
    const actor = new ScriptedActor("shared");
    const { clock, store } = build([]);
    const skips: string[] = [];
    await store.saveTask(
      newTaskState({ taskId: "shared", actorName: "shared", nextRun: clock.now() }),
    );
    const other = store.leaser({ owner: "other-instance", ttlMs: HOUR });
    expect(await other.claim(["shared"], clock.now())).toHaveLength(1);
    const again = build(
      [{ actor, schedule: { type: "interval", seconds: 600 } }],
      {},
      { clock, store },
    );
    again.server.on("run:skip", (e) => skips.push(e.reason));
    await again.server.start();
    await clock.advance(MINUTE);
    expect(actor.calls).toHaveLength(0);
    expect(skips).toContain("leased-elsewhere");
    await shutdownOnClock(clock, again.server);
  });

  it("renews the lease of a running task (heartbeat), so no other instance can take it mid-run", async () => {
    const actor = new ScriptedActor("long");
    actor.behaviour = busyFor(4 * MINUTE);
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 3_600 } }],
      { leaseTtlSeconds: 30 },
    );
    await server.start();
    await clock.advance(3 * MINUTE);
    const other = store.leaser({ owner: "other-instance", ttlMs: HOUR });
    expect(await other.claim(["long"], clock.now())).toHaveLength(0);
    await clock.advance(2 * MINUTE);
    expect(await other.claim(["long"], clock.now())).toHaveLength(1); // released after the run
    await server.shutdown();
  });
});

describe("HeapTaskScheduler", () => {
  it("implements TaskScheduler on the one-timer due-queue", async () => {
    const clock = new FakeClock(START);
    const scheduler = new HeapTaskScheduler({ clock });
    const fired: string[] = [];
    scheduler.schedule("tick", { type: "interval", seconds: 60 }, async (slot) => {
      fired.push(slot.toISOString().slice(11, 19));
    });
    expect(scheduler.isScheduled("tick")).toBe(true);
    expect(scheduler.scheduledTasks()).toEqual(["tick"]);
    await clock.advance(2 * MINUTE);
    expect(scheduler.cancel("tick")).toBe(true);
    await clock.advance(2 * MINUTE);
    expect(fired).toEqual(["00:00:00", "00:01:00", "00:02:00"]);
    scheduler.close();
  });
});

describe("the engine's task state is its own", () => {
  it("later runs change neither a status read earlier, nor the slots actors saw, nor what the store returned", async () => {
    const actor = new ScriptedActor("tick");
    const immediate = [1, 2].map((i) => new ScriptedActor(`now${i}`));
    const { clock, store, server } = build([
      { actor, schedule: { type: "interval", seconds: 60 } },
      ...immediate.map((a) => ({ actor: a, schedule: { type: "immediate" as const } })),
    ]);
    await server.start();
    await clock.advance(1_000);
    const first = await server.taskStatus("tick");
    const firstStored = await store.loadTask("tick");
    const seen = actor.calls[0]!.scheduledFor;
    expect(first.lastRun?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(first.nextRun?.toISOString()).toBe("2026-01-05T00:01:00.000Z");
    await clock.advance(3 * MINUTE); // three more runs
    expect(first.lastRun?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(first.nextRun?.toISOString()).toBe("2026-01-05T00:01:00.000Z");
    expect(firstStored?.lastRun?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(seen.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(actor.slots()).toEqual([
      "2026-01-05T00:00:00.000Z",
      "2026-01-05T00:01:00.000Z",
      "2026-01-05T00:02:00.000Z",
      "2026-01-05T00:03:00.000Z",
    ]);
    const now = await server.taskStatus("tick");
    expect(now.lastRun?.toISOString()).toBe("2026-01-05T00:03:00.000Z");
    expect(now.nextRun?.toISOString()).toBe("2026-01-05T00:04:00.000Z");
    expect((await store.loadTask("tick"))?.nextRun?.toISOString()).toBe("2026-01-05T00:04:00.000Z");
    for (const a of immediate) {
      const status = await server.taskStatus(a.name);
      expect([status.lastRun?.toISOString(), status.nextRun]).toEqual([
        "2026-01-05T00:00:00.000Z",
        null,
      ]);
    }
    await server.shutdown();
  });
});

describe("the message of lost leases", () => {
  it("names the first ten tasks and counts the rest, on one line", async () => {
    const { leasesLost } = await import("../src/control/engine-parts.js");
    expect(leasesLost(["a", "b"])).toBe("leases lost: a, b");
    const many = Array.from({ length: 2_000 }, (_, i) => `t${i}`);
    expect(leasesLost(many)).toBe(
      "2000 leases lost: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 and 1990 more",
    );
  });
});

describe("the lease heartbeat", () => {
  it("reports a lease gone only for a task still running, not one giving its lease up", async () => {
    const { LeaseHeartbeat } = await import("../src/control/lease-heartbeat.js");
    const clock = new FakeClock("2026-01-05T08:00:00Z");
    const store = new MemoryStatePersistence({ clock });
    for (const taskId of ["running", "settling"])
      await store.saveTask(newTaskState({ taskId, actorName: "x" }));
    const leaser = store.leaser({ owner: "me", ttlMs: 60_000 });
    await leaser.claim(["running", "settling"], clock.now());
    const lost: string[][] = [];
    const heartbeat = new LeaseHeartbeat(
      leaser,
      clock,
      20_000,
      (ids) => lost.push(ids),
      () => {},
    );
    const running = { task: { taskId: "running" }, heartbeatIndex: -1, settling: false };
    const settling = { task: { taskId: "settling" }, heartbeatIndex: -1, settling: true };
    heartbeat.track(running);
    heartbeat.track(settling);
    // Both leases are given up (a settle committed); only the running task's loss is news.
    await leaser.release(["running", "settling"]);
    await clock.advance(20_000);
    expect(lost).toEqual([["running"]]);
    heartbeat.stop();
  });
});
