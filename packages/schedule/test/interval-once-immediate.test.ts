import { describe as suite, expect, it } from "vitest";
import { FakeClock } from "@actor/testkit";
import { createSchedule } from "../src/index.js";

const at = (iso: string) => new Date(iso);

suite("interval schedules", () => {
  it("has zero drift after 10,000 slots: slot k is exactly anchor + k·period", () => {
    const anchor = at("2026-01-01T00:00:00.123Z");
    const s = createSchedule({ type: "interval", seconds: 7.3 }, { anchor });
    let slot: Date = anchor;
    for (let k = 1; k <= 10_000; k++) slot = s.nextAfter(slot) as Date;
    expect(slot.getTime() - anchor.getTime()).toBe(10_000 * 7300);
  });

  it("keeps slots on the anchor grid however late each run finishes (runs do not push the schedule)", () => {
    const clock = new FakeClock("2026-01-01T00:00:00Z");
    const s = createSchedule({ type: "interval", seconds: 60 }, { anchor: clock.now() });
    const runsAt: string[] = [];
    let next = s.firstRun(clock.now()) as Date;
    for (let i = 0; i < 3; i++) {
      runsAt.push(next.toISOString());
      const finishedAt = new Date(next.getTime() + 17_000); // each run takes 17 s
      next = s.nextAfter(finishedAt) as Date;
    }
    expect(runsAt).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:01:00.000Z",
      "2026-01-01T00:02:00.000Z",
    ]);
  });

  it("uses startAt over the anchor option, returns the anchor for times before it, and runs the anchor at first sight", () => {
    const s = createSchedule(
      { type: "interval", seconds: 3600, startAt: at("2026-02-01T10:00:00Z") },
      { anchor: at("2020-01-01T00:00:00Z") },
    );
    expect(s.nextAfter(at("2026-01-15T00:00:00Z"))?.toISOString()).toBe("2026-02-01T10:00:00.000Z");
    expect(s.nextAfter(at("2026-02-01T10:00:00Z"))?.toISOString()).toBe("2026-02-01T11:00:00.000Z");
    expect(s.firstRun(at("2026-02-01T10:00:00Z"))?.toISOString()).toBe("2026-02-01T10:00:00.000Z");
    expect(s.firstRun(at("2026-02-01T10:30:00Z"))?.toISOString()).toBe("2026-02-01T11:00:00.000Z");
    expect(s.check(null, at("2026-02-01T10:00:00Z"))).toEqual({
      shouldRun: true,
      nextRun: at("2026-02-01T11:00:00Z"),
    });
  });

  it("reports a slot due when the one after the last run has passed, and not before", () => {
    const s = createSchedule(
      { type: "interval", seconds: 60 },
      { anchor: at("2026-01-01T00:00:00Z") },
    );
    const last = at("2026-01-01T00:05:00Z");
    expect(s.check(last, at("2026-01-01T00:05:59Z")).shouldRun).toBe(false);
    expect(s.check(last, at("2026-01-01T00:06:00Z"))).toEqual({
      shouldRun: true,
      nextRun: at("2026-01-01T00:07:00Z"),
    });
  });
});

suite("once schedules", () => {
  const s = createSchedule({ type: "once", at: "2026-03-08T09:00:00Z" });

  it("fires once at its time and is complete afterwards", () => {
    expect(s.nextAfter(at("2026-03-08T08:00:00Z"))?.toISOString()).toBe("2026-03-08T09:00:00.000Z");
    expect(s.nextAfter(at("2026-03-08T09:00:00Z"))).toBeNull();
    expect(s.check(null, at("2026-03-08T09:00:00Z"))).toEqual({ shouldRun: true, nextRun: null });
    expect(s.check(at("2026-03-08T09:00:00Z"), at("2026-03-09T00:00:00Z"))).toEqual({
      shouldRun: false,
      nextRun: null,
    });
  });

  it("keeps a past time as its first run so the misfire policy can decide", () => {
    expect(s.firstRun(at("2026-04-01T00:00:00Z"))?.toISOString()).toBe("2026-03-08T09:00:00.000Z");
    expect(s.dueSlots(at("2026-03-08T09:00:00Z"), at("2026-04-01T00:00:00Z"), "run-once")).toEqual([
      at("2026-03-08T09:00:00Z"),
    ]);
  });
});

suite("immediate schedules", () => {
  const s = createSchedule({ type: "immediate" });

  it("is due once at first sight and has no later slots", () => {
    const now = at("2026-01-01T12:00:00Z");
    expect(s.firstRun(now)).toEqual(now);
    expect(s.check(null, now)).toEqual({ shouldRun: true, nextRun: null });
    expect(s.check(now, at("2026-01-02T12:00:00Z"))).toEqual({ shouldRun: false, nextRun: null });
    expect(s.nextAfter(now)).toBeNull();
  });
});

suite("cron check and jitter", () => {
  it("waits for the next slot when first seen, then reports the slot after the last run as due", () => {
    const s = createSchedule({ type: "cron", expression: "0 9 * * *", timezone: "Europe/Rome" });
    expect(s.check(null, at("2026-06-01T08:00:00Z"))).toEqual({
      shouldRun: false,
      nextRun: at("2026-06-02T07:00:00Z"),
    });
    expect(s.check(at("2026-06-01T07:00:00Z"), at("2026-06-02T07:00:00Z")).shouldRun).toBe(true);
    expect(s.check(at("2026-06-01T07:00:00Z"), at("2026-06-02T06:59:59Z")).shouldRun).toBe(false);
  });

  it("spreads a slot within [0, jitterSeconds] and leaves it untouched without jitter", () => {
    const slot = at("2026-01-01T00:00:00Z");
    const s = createSchedule({ type: "cron", expression: "* * * * *", jitterSeconds: 30 });
    expect(s.jittered(slot, () => 0)).toEqual(slot);
    expect(s.jittered(slot, () => 0.999999).getTime() - slot.getTime()).toBe(30_000);
    expect(s.jittered(slot, () => 0.5).getTime() - slot.getTime()).toBe(15_000);
    expect(
      createSchedule({ type: "cron", expression: "* * * * *" }).jittered(slot, () => 0.9),
    ).toEqual(slot);
  });

  it("gives equal keys to equal schedules spelled differently and different keys to different ones", () => {
    const a = createSchedule({ type: "cron", expression: "0  9 * * *" });
    const b = createSchedule({ type: "Cron", expression: "0 9 * * *", time_zone: "UTC" });
    const c = createSchedule({ type: "cron", expression: "0 9 * * *", timezone: "Europe/Rome" });
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
  });
});
