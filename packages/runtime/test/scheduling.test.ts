import { createSchedule, type ScheduleType } from "@actor/schedule";
import { describe, expect, it } from "vitest";
import {
  DAY,
  MINUTE,
  START,
  ScriptedActor,
  build,
  historyOf,
  ok,
  seeded,
} from "./support/harness.js";

describe("scheduling", () => {
  it("runs an interval task at anchor + k·period and persists next_run after each run", async () => {
    const actor = new ScriptedActor("tick");
    const { clock, store, server } = build([
      { actor, schedule: { type: "interval", seconds: 600 } },
    ]);
    await server.start();
    await clock.advance(30 * MINUTE);
    expect(actor.slots()).toEqual([
      "2026-01-05T00:00:00.000Z",
      "2026-01-05T00:10:00.000Z",
      "2026-01-05T00:20:00.000Z",
      "2026-01-05T00:30:00.000Z",
    ]);
    const state = await store.loadTask("tick");
    expect(state?.nextRun?.toISOString()).toBe("2026-01-05T00:40:00.000Z");
    expect(state?.lastRun?.toISOString()).toBe("2026-01-05T00:30:00.000Z");
    expect(state?.metadata["anchor"]).toBe("2026-01-05T00:00:00.000Z");
    expect(actor.calls[1]?.idempotencyKey).toBe("tick@2026-01-05T00:10:00.000Z");
    const records = await historyOf(store, "tick");
    expect(records.map((r) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    expect(records[0]).toMatchObject({
      attempt: 1,
      skillsSucceeded: 1,
      instanceId: server.instanceId,
    });
    expect(records[0]?.metadata["outputs"]).toEqual({ work: null });
    await server.shutdown();
  });

  it("uses one engine timer for many tasks (no timer per task)", async () => {
    const actors = Array.from({ length: 500 }, (_, i) => new ScriptedActor(`a${i}`));
    const { clock, server } = build(
      actors.map((actor, i) => ({
        actor,
        schedule: { type: "cron", expression: `${i % 60} * * * *` } as ScheduleType,
      })),
    );
    await server.start();
    // The due timer, the history pruner and the instance registration renewal.
    expect(clock.pendingTimers()).toBeLessThanOrEqual(3);
    await server.shutdown();
  });

  it("keeps at most maxConcurrency runs at once and starts due work in next-run order", async () => {
    const actors = Array.from({ length: 6 }, (_, i) => new ScriptedActor(`c${i}`));
    let active = 0;
    let peak = 0;
    const order: string[] = [];
    for (const actor of actors) {
      actor.behaviour = async (ctx) => {
        order.push(ctx.taskId);
        active++;
        peak = Math.max(peak, active);
        try {
          await ctx.clock.sleep(4 * MINUTE, ctx.signal);
        } finally {
          active--;
        }
        return ok();
      };
    }
    // c5 is due first, then c4, ... c0 last; all are due by 00:06.
    const { clock, server } = build(
      actors.map((actor, i) => ({
        actor,
        schedule: {
          type: "once",
          at: new Date(Date.parse(START) + (6 - i) * MINUTE),
        } as ScheduleType,
      })),
      { maxConcurrency: 2 },
    );
    await server.start();
    await clock.advance(60 * MINUTE);
    expect(peak).toBe(2);
    expect(order).toEqual(["c5", "c4", "c3", "c2", "c1", "c0"]);
    await server.shutdown();
  });

  it("10,000 tasks with random interval and cron schedules produce exactly the expected slots over a week", async () => {
    const random = seeded(42);
    const seen = new Map<string, string[]>();
    const actor = new ScriptedActor("many");
    actor.behaviour = async (ctx) => {
      let list = seen.get(ctx.taskId);
      if (!list) seen.set(ctx.taskId, (list = []));
      list.push(ctx.scheduledFor.toISOString());
      return ok();
    };
    const schedules: ScheduleType[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kind = random();
      const minute = Math.floor(random() * 60);
      const hour = Math.floor(random() * 24);
      if (kind < 0.4)
        schedules.push({
          type: "interval",
          seconds: 3_600 * (24 + Math.floor(random() * 72)) + minute * 60,
        });
      else if (kind < 0.7) schedules.push({ type: "cron", expression: `${minute} ${hour} * * *` });
      else if (kind < 0.9)
        schedules.push({
          type: "cron",
          expression: `${minute} ${hour} * * ${Math.floor(random() * 7)}`,
          timezone: "Europe/Paris",
        });
      else
        schedules.push({
          type: "cron",
          expression: `${minute} */12 * * 1-5`,
          timezone: "America/New_York",
        });
    }
    const { clock, store, server } = build(
      schedules.map((schedule, i) => ({ actor, schedule, options: { taskId: `t${i}` } })),
      // A long lease keeps the registration renewal (every third of it) out of the week's timers.
      { maxConcurrency: 8, historyKeepPerTask: 5, leaseTtlSeconds: 3_600 },
    );
    const start = clock.now();
    const surprises: string[] = [];
    server.on("run:skip", (e) => surprises.push(`skip ${e.taskId} ${e.reason}`));
    server.on("misfire", (e) => surprises.push(`misfire ${e.taskId}`));
    server.on("error", (e) => surprises.push(`error ${e.operation} ${e.error.message}`));
    await server.start();
    const end = new Date(start.getTime() + 7 * DAY);
    await clock.advanceTo(end);
    expect(surprises.slice(0, 5)).toEqual([]);
    let total = 0;
    for (let i = 0; i < schedules.length; i++) {
      const s = createSchedule(schedules[i]!, { anchor: start });
      const expected: string[] = [];
      for (let t = s.firstRun(start); t && t <= end; t = s.nextAfter(t))
        expected.push(t.toISOString());
      expect(seen.get(`t${i}`) ?? [], `task t${i}`).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(30_000);
    const sample = await store.loadTask("t0");
    expect(sample?.nextRun?.getTime()).toBeGreaterThan(end.getTime());
    await server.shutdown();
  }, 180_000); // about 5 s on a quiet machine; generous for a shared, loaded one
});
