import { ActorError, MemoryStatePersistence, type ActorStore } from "@actor/core";
import { FakeClock, LatencyStore, advanceUntilSettled, crashServer } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import type { ServerOptions, TaskOptions } from "../src/index.js";
import type { ScheduleType } from "@actor/schedule";
import {
  HOUR,
  MINUTE,
  START,
  ScriptedActor,
  build,
  busyFor,
  failWith,
  historyOf,
  ok,
  seeded,
} from "./support/harness.js";

/**
 * The engine's guarantees (DESIGN.md) with the memory store and with the same store behind a
 * 1–150 ms latency on the fake clock: what PostgreSQL over a network looks like to the engine.
 * Assertions are on what is recorded, not on exact instants (every store call takes time).
 */
const STORES = [
  { name: "memory store", latency: null, combined: true },
  { name: "store with 1–150 ms per call", latency: [1, 150] as const, combined: true },
  {
    // The separate calls of a store without begin() and settle(): claim, loadTask, start,
    // finish, saveTask, release.
    name: "store with 1–150 ms per call, one call per step",
    latency: [1, 150] as const,
    combined: false,
  },
] as const;

for (const kind of STORES) {
  describe(`engine guarantees — ${kind.name}`, () => {
    function setup(
      tasks: { actor: ScriptedActor; schedule: ScheduleType; options?: TaskOptions }[],
      options: ServerOptions = {},
      shared: { clock?: FakeClock; data?: MemoryStatePersistence } = {},
    ) {
      const clock = shared.clock ?? new FakeClock(START);
      const data = shared.data ?? new MemoryStatePersistence({ clock });
      const store: ActorStore & { sever?: () => void } = kind.latency
        ? new LatencyStore(data, {
            latencyMs: kind.latency,
            clock,
            random: seeded(7),
            begin: kind.combined,
            settle: kind.combined,
          })
        : data;
      const built = build(tasks, options, { clock, store });
      const drive = <T>(p: Promise<T>) => advanceUntilSettled(clock, p, { stepMs: 5 });
      return { ...built, data, drive, wire: store };
    }

    it("overlap: a slot due while the previous run goes on is recorded as skipped", async () => {
      const actor = new ScriptedActor("slow");
      actor.behaviour = busyFor(25 * MINUTE);
      const { clock, data, server, drive } = setup(
        [{ actor, schedule: { type: "interval", seconds: 600 } }],
        { timeoutSeconds: 3600 },
      );
      await drive(server.start());
      await clock.advance(31 * MINUTE);
      const statuses = (await historyOf(data, "slow")).map((r) => r.status);
      expect(statuses.slice(0, 3)).toEqual(["succeeded", "skipped", "skipped"]);
      expect(actor.calls).toHaveLength(2);
      await drive(server.shutdown());
    });

    it("retries: a retryable failure is retried in the same slot, with the same key", async () => {
      const actor = new ScriptedActor("flaky");
      actor.behaviour = async (ctx) => {
        if (ctx.attempt < 3) throw new ActorError("server-error", "502");
        return ok();
      };
      const { clock, data, server, drive } = setup(
        [{ actor, schedule: { type: "once", at: new Date(START) } }],
        { retries: 3, backoffBaseSeconds: 1 },
      );
      await drive(server.start());
      await clock.advance(MINUTE);
      expect((await historyOf(data, "flaky")).map((r) => `${r.attempt} ${r.status}`)).toEqual([
        "1 failed",
        "2 failed",
        "3 succeeded",
      ]);
      expect(new Set(actor.calls.map((c) => c.idempotencyKey)).size).toBe(1);
      expect(await data.loadTask("flaky")).toMatchObject({ completed: true, nextRun: null });
      await drive(server.shutdown());
    });

    it("timeout: a run past timeoutSeconds is aborted and recorded timed-out", async () => {
      const actor = new ScriptedActor("stuck");
      actor.behaviour = busyFor(HOUR);
      const { clock, data, server, drive } = setup(
        [{ actor, schedule: { type: "once", at: new Date(START) } }],
        { timeoutSeconds: 30 },
      );
      await drive(server.start());
      await clock.advance(MINUTE);
      expect(await historyOf(data, "stuck")).toMatchObject([
        { status: "timed-out", errorCode: "timeout" },
      ]);
      await drive(server.shutdown());
    });

    it("circuit breaker: failed slots in a row pause the task with circuit-open", async () => {
      const actor = new ScriptedActor("broken");
      actor.behaviour = failWith("auth");
      const { clock, data, server, drive } = setup(
        [{ actor, schedule: { type: "interval", seconds: 600 } }],
        { maxConsecutiveFailures: 3 },
      );
      await drive(server.start());
      await clock.advance(2 * HOUR);
      expect(actor.calls).toHaveLength(3);
      expect(await data.loadTask("broken")).toMatchObject({
        paused: true,
        pauseReason: "circuit-open",
        consecutiveFailures: 3,
      });
      await drive(server.shutdown());
    });

    it("pause, manual trigger and resume are saved before they return", async () => {
      const actor = new ScriptedActor("hourly");
      const { clock, data, server, drive } = setup([
        { actor, schedule: { type: "cron", expression: "0 * * * *" } },
      ]);
      await drive(server.start());
      expect(await drive(server.executeTask("hourly"))).toMatchObject({ status: "succeeded" });
      await drive(server.pauseTask("hourly"));
      expect(await data.loadTask("hourly")).toMatchObject({ paused: true, nextRun: null });
      await clock.advance(3 * HOUR);
      expect(actor.calls).toHaveLength(1);
      await drive(server.resumeTask("hourly"));
      expect((await data.loadTask("hourly"))?.nextRun).not.toBeNull();
      await clock.advance(HOUR);
      expect(actor.calls).toHaveLength(2);
      await drive(server.shutdown());
    });

    it("misfire run-once: after downtime one catch-up run, then on from now", async () => {
      const actor = new ScriptedActor("hourly");
      const schedule = { type: "cron", expression: "0 * * * *" } as const;
      const a = setup([{ actor, schedule }]);
      await a.drive(a.server.start());
      await a.clock.advance(90 * MINUTE); // 01:00 runs
      await a.drive(a.server.shutdown());
      await a.clock.advance(5 * HOUR);
      const b = setup([{ actor, schedule }], {}, { clock: a.clock, data: a.data });
      await b.drive(b.server.start());
      await b.clock.advance(10 * MINUTE);
      const triggers = actor.calls.map((c) => c.trigger);
      expect(triggers).toEqual(["schedule", "catch-up"]);
      await b.drive(b.server.shutdown());
    });

    it("shutdown: a run still going at the deadline is recorded interrupted", async () => {
      const actor = new ScriptedActor("long");
      actor.behaviour = busyFor(HOUR);
      const { clock, data, server, drive } = setup(
        [{ actor, schedule: { type: "once", at: new Date(START) } }],
        { timeoutSeconds: 7200, shutdownTimeoutSeconds: 1 },
      );
      await drive(server.start());
      await clock.advance(MINUTE);
      await drive(server.shutdown());
      expect(await historyOf(data, "long")).toMatchObject([{ status: "interrupted" }]);
      expect((await data.loadTask("long"))?.nextRun?.toISOString()).toBe(
        new Date(START).toISOString(),
      );
    });

    it("crash: a dead owner's run is closed abandoned and the slot runs again once", async () => {
      const actor = new ScriptedActor("daily");
      actor.behaviour = busyFor(10 * MINUTE);
      const clock = new FakeClock("2026-01-05T08:59:00Z");
      const schedule = { type: "cron", expression: "0 9 * * *" } as const;
      const a = setup([{ actor, schedule }], { timeoutSeconds: 3600 }, { clock });
      const wire = a.wire instanceof LatencyStore ? a.wire : new LatencyStore(a.data);
      await a.drive(a.server.start());
      await clock.advance(2 * MINUTE);
      crashServer(a.server, wire);
      actor.behaviour = async () => ok();
      const b = setup([{ actor, schedule }], {}, { clock, data: a.data });
      await b.drive(b.server.start());
      await clock.advance(5 * MINUTE);
      const records = await historyOf(a.data, "daily");
      expect(records.map((r) => r.status)).toEqual(["abandoned", "succeeded"]);
      expect(
        records.every((r) => r.scheduledFor.toISOString() === "2026-01-05T09:00:00.000Z"),
      ).toBe(true);
      await b.drive(b.server.shutdown());
    });
  });
}
