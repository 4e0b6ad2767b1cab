import { MemoryStatePersistence } from "@actor/core";
import { FakeClock } from "@actor/testkit";
import type { MisfirePolicy } from "@actor/schedule";
import { describe, expect, it } from "vitest";
import type { LateEvent, MisfireEvent } from "../src/index.js";
import { DAY, HOUR, MINUTE, START, ScriptedActor, build } from "./support/harness.js";

async function downForThreeDays(misfire: MisfirePolicy, maxCatchUp?: number) {
  const clock = new FakeClock(START);
  const store = new MemoryStatePersistence({ clock });
  const schedule = {
    type: "cron" as const,
    expression: "0 * * * *",
    misfire,
    ...(maxCatchUp ? { maxCatchUp } : {}),
  };
  const first = new ScriptedActor("hourly");
  const a = build([{ actor: first, schedule }], {}, { clock, store });
  await a.server.start();
  await clock.advance(2 * HOUR + 30 * MINUTE); // runs 01:00 and 02:00
  await a.server.shutdown();
  expect(first.slots()).toEqual(["2026-01-05T01:00:00.000Z", "2026-01-05T02:00:00.000Z"]);
  expect((await store.loadTask("hourly"))?.nextRun?.toISOString()).toBe("2026-01-05T03:00:00.000Z");

  clock.jump(Date.parse(START) + 3 * DAY + 30 * MINUTE); // 2026-01-08T00:30
  const second = new ScriptedActor("hourly");
  const b = build([{ actor: second, schedule }], {}, { clock, store });
  const misfires: MisfireEvent[] = [];
  b.server.on("misfire", (e) => misfires.push(e));
  await b.server.start();
  await clock.advance(45 * MINUTE); // to 01:15: the 01:00 slot runs normally
  await b.server.shutdown();
  return { slots: second.slots(), misfires, store };
}

describe("misfire after a long stop", () => {
  it("run-once: one catch-up run of the latest missed slot, then continues from now", async () => {
    const { slots, misfires } = await downForThreeDays("run-once");
    expect(slots).toEqual(["2026-01-08T00:00:00.000Z", "2026-01-08T01:00:00.000Z"]);
    expect(misfires).toHaveLength(1);
    expect(misfires[0]?.missedFrom.toISOString()).toBe("2026-01-05T03:00:00.000Z");
  });

  it("skip: no catch-up run; the next run is the next slot after now", async () => {
    const { slots, store } = await downForThreeDays("skip");
    expect(slots).toEqual(["2026-01-08T01:00:00.000Z"]);
    const records = await store.history("hourly", { limit: 100 });
    expect(
      records.filter(
        (r) =>
          r.scheduledFor.getTime() < Date.parse("2026-01-08T01:00:00Z") &&
          r.scheduledFor.getTime() > Date.parse("2026-01-06T00:00:00Z"),
      ),
    ).toEqual([]);
  });

  it("run-all: every missed slot up to maxCatchUp (the most recent), oldest first, then continues", async () => {
    const { slots } = await downForThreeDays("run-all", 5);
    expect(slots).toEqual([
      "2026-01-07T20:00:00.000Z",
      "2026-01-07T21:00:00.000Z",
      "2026-01-07T22:00:00.000Z",
      "2026-01-07T23:00:00.000Z",
      "2026-01-08T00:00:00.000Z",
      "2026-01-08T01:00:00.000Z",
    ]);
  });

  it("catch-up runs carry the trigger catch-up and the missed slot's idempotency key", async () => {
    const clock = new FakeClock(START);
    const store = new MemoryStatePersistence({ clock });
    const actor = new ScriptedActor("hourly");
    const schedule = { type: "cron" as const, expression: "0 * * * *" };
    const a = build([{ actor, schedule }], {}, { clock, store });
    await a.server.start();
    await a.server.shutdown();
    clock.jump(Date.parse(START) + 5 * HOUR + 10 * MINUTE);
    const b = build([{ actor, schedule }], {}, { clock, store });
    await b.server.start();
    await clock.runDue();
    expect(actor.calls[0]).toMatchObject({
      trigger: "catch-up",
      idempotencyKey: "hourly@2026-01-05T05:00:00.000Z",
    });
    await b.server.shutdown();
  });
});

/** A memory store whose task saves take `slowMs` of (fake) time while `slow` is on: a slow start-up. */
class SlowInstallStore extends MemoryStatePersistence {
  slow = false;
  constructor(
    private readonly fake: FakeClock,
    private readonly slowMs: number,
  ) {
    super({ clock: fake });
  }
  override async saveTask(...args: Parameters<MemoryStatePersistence["saveTask"]>) {
    if (this.slow) this.fake.jump(this.fake.now().getTime() + this.slowMs);
    return super.saveTask(...args);
  }
}

describe("start-up time is not downtime", () => {
  it("slots that fall due while start() installs tasks run as scheduled; a slot missed before start() still misfires", async () => {
    const clock = new FakeClock(START);
    const store = new SlowInstallStore(clock, 3_000);
    const old = new ScriptedActor("old");
    const first = build(
      [{ actor: old, schedule: { type: "interval", seconds: 3_600 } }],
      {},
      { clock, store },
    );
    await first.server.start();
    await clock.advance(MINUTE); // 00:00 ran; next 01:00
    await first.server.shutdown();
    clock.jump(Date.parse(START) + HOUR + 30 * MINUTE); // down over 01:00

    const fresh = [1, 2, 3].map((i) => new ScriptedActor(`new${i}`));
    const second = build(
      [
        { actor: old, schedule: { type: "interval", seconds: 3_600 } },
        ...fresh.map((actor) => ({ actor, schedule: { type: "interval" as const, seconds: 600 } })),
      ],
      {},
      { clock, store },
    );
    const misfires: MisfireEvent[] = [];
    second.server.on("misfire", (e) => misfires.push(e));
    store.slow = true; // each task's install takes 3 s: 12 s in all, past the 1 s grace
    await second.server.start();
    store.slow = false;
    await clock.runDue();
    await clock.advance(1_000);
    expect(misfires.map((m) => m.taskId)).toEqual(["old"]);
    for (const actor of fresh) {
      expect(actor.calls.map((c) => c.trigger)).toEqual(["schedule"]);
      expect(actor.slots()).toEqual(["2026-01-05T01:30:00.000Z"]);
    }
    expect(old.calls.at(-1)?.trigger).toBe("catch-up");
    await second.server.shutdown();
  });
});

describe("clock jumps and suspends", () => {
  it("a timer that wakes late emits `late` and the misfire policy applies to the slots passed meanwhile", async () => {
    const actor = new ScriptedActor("every10");
    const { clock, server } = build([
      { actor, schedule: { type: "interval", seconds: 600, misfire: "run-once" } },
    ]);
    const late: LateEvent[] = [];
    const misfires: MisfireEvent[] = [];
    server.on("late", (e) => late.push(e));
    server.on("misfire", (e) => misfires.push(e));
    await server.start();
    await clock.advance(MINUTE); // 00:00 ran
    clock.jump(Date.parse(START) + 2 * HOUR + 5 * MINUTE); // the laptop slept through 00:10 .. 02:00
    await clock.runDue();
    await clock.advance(10 * MINUTE);
    expect(late).toHaveLength(1);
    expect(late[0]!.lateMs).toBeGreaterThan(HOUR);
    expect(misfires).toHaveLength(1);
    expect(actor.slots()).toEqual([
      "2026-01-05T00:00:00.000Z",
      "2026-01-05T02:00:00.000Z",
      "2026-01-05T02:10:00.000Z",
    ]);
    await server.shutdown();
  });

  it("the engine timer never sleeps longer than maxTimerStepSeconds, so a far slot is re-armed in steps", async () => {
    const actor = new ScriptedActor("yearly");
    const { clock, server } = build(
      [{ actor, schedule: { type: "cron", expression: "0 0 1 6 *" } }],
      {
        maxTimerStepSeconds: 60,
        pruneIntervalSeconds: 10 * 365 * 86_400,
        leaseTtlSeconds: 3_600, // the instance renewal timer (every third of it) comes later
      },
    );
    await server.start();
    expect(clock.nextTimerAt()?.getTime()).toBe(Date.parse(START) + MINUTE);
    await server.shutdown();
  });
});
