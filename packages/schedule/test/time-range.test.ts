import { isActorError } from "@actor/core";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, preview, wallClock } from "../src/index.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const cron = (expression: string, timezone?: string) =>
  createSchedule({ type: "cron", expression, ...(timezone !== undefined && { timezone }) });

/** The ActorError thrown by `f`, or a failure when it returns. */
function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (error) {
    if (isActorError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an ActorError");
}

suite("cron before 1970", () => {
  it("finds the next slot in the last hour of 1969 (UTC)", () => {
    expect(iso(cron("*/5 * * * *").nextAfter(new Date("1969-12-31T23:00:00Z")))).toBe(
      "1969-12-31T23:05:00.000Z",
    );
    expect(iso(cron("* * * * * *").nextAfter(new Date("1969-12-31T23:59:59Z")))).toBe(
      "1970-01-01T00:00:00.000Z",
    );
    expect(iso(cron("0 0 1 1 *").nextAfter(new Date("1969-06-01T00:00:00Z")))).toBe(
      "1970-01-01T00:00:00.000Z",
    );
  });

  it("finds the next slot in a zone before 1970 (New York on EDT in June 1969)", () => {
    expect(
      iso(cron("0 12 * * *", "America/New_York").nextAfter(new Date("1969-06-01T00:00:00Z"))),
    ).toBe("1969-06-01T16:00:00.000Z");
  });

  it("walks consecutive slots across the epoch in a zone east of UTC", () => {
    const s = cron("30 0 * * *", "Asia/Tokyo");
    const out = preview(s.definition, new Date("1969-12-30T00:00:00Z"), 3).map((d) => iso(d));
    expect(out).toEqual([
      "1969-12-30T15:30:00.000Z",
      "1969-12-31T15:30:00.000Z",
      "1970-01-01T15:30:00.000Z",
    ]);
  });

  it("reads local mean time in 1900 (Paris was 9 min 21 s ahead of UTC)", () => {
    expect(
      iso(cron("0 12 * * *", "Europe/Paris").nextAfter(new Date("1900-01-01T00:00:00Z"))),
    ).toBe("1900-01-01T11:50:39.000Z");
    expect(wallClock(new Date("1900-01-01T11:50:39Z"), "Europe/Paris")).toMatchObject({
      year: 1900,
      hour: 12,
      minute: 0,
      second: 0,
    });
  });

  it("handles years 0-99 (not read as 1900-1999)", () => {
    const s = cron("0 0 1 3 *");
    expect(iso(s.nextAfter(new Date("0050-01-15T00:00:00Z")))).toBe("0050-03-01T00:00:00.000Z");
  });
});

suite("invalid instants are errors, never a hang", () => {
  const invalid = new Date(Number.NaN);
  const schedules = [
    cron("* * * * *"),
    cron("0 9 * * 1-5", "America/New_York"),
    createSchedule({ type: "interval", seconds: 1 }),
    createSchedule({ type: "once", at: "2026-03-08T09:00:00Z" }),
    createSchedule({ type: "immediate", jitterSeconds: 5 }),
  ];

  it.each(schedules.map((s) => [s.key, s] as const))(
    "%s: every method rejects an Invalid Date with a validation ActorError",
    (_key, s) => {
      const ok = new Date("2026-03-08T00:00:00Z");
      for (const call of [
        () => s.nextAfter(invalid),
        () => s.firstRun(invalid),
        () => s.check(null, invalid),
        () => s.check(invalid, ok),
        () => s.dueSlots(invalid, ok, "run-all"),
        () => s.dueSlots(ok, invalid, "run-all"),
        () => s.jittered(invalid),
      ]) {
        const e = thrown(call);
        expect(e.code).toBe("validation");
        expect(e.message).toMatch(/must be a valid Date, got an Invalid Date/);
      }
    },
  );

  it("rejects things that are not Dates, an invalid anchor and a bad policy; clamps a careless random()", () => {
    const s = cron("* * * * *");
    expect(thrown(() => s.nextAfter(1_000 as unknown as Date)).message).toBe(
      "nextAfter: t must be a valid Date, got a number",
    );
    expect(thrown(() => s.nextAfter(null as unknown as Date)).message).toMatch(/got null/);
    expect(
      thrown(() => createSchedule({ type: "interval", seconds: 5 }, { anchor: invalid })).code,
    ).toBe("validation");
    expect(
      thrown(() => s.dueSlots(new Date(0), new Date(1000), "later" as never)).message,
    ).toContain('policy "later" is not a misfire policy');
    const jittery = createSchedule({ type: "interval", seconds: 5, jitterSeconds: 2 });
    // A careless random() is clamped, never an Invalid Date or a time before the slot.
    expect(jittery.jittered(new Date(0), () => Number.NaN).getTime()).toBe(0);
    expect(jittery.jittered(new Date(0), () => -3).getTime()).toBe(0);
    expect(jittery.jittered(new Date(0), () => 1).getTime()).toBe(2000);
    expect(jittery.jittered(new Date(0), () => Number.POSITIVE_INFINITY).getTime()).toBe(2000);
  });

  it("wallClock and preview reject an Invalid Date with a validation ActorError", () => {
    for (const zone of ["UTC", "America/New_York"]) {
      const e = thrown(() => wallClock(invalid, zone));
      expect(e.code).toBe("validation");
    }
    expect(thrown(() => preview({ type: "cron", expression: "* * * * *" }, invalid, 3)).code).toBe(
      "validation",
    );
    expect(
      thrown(() => preview({ type: "cron", expression: "* * * * *" }, new Date(), Infinity))
        .message,
    ).toContain("n must be a whole number from 0 to 100000, got Infinity");
  });
});

suite("the ends of the Date range", () => {
  const END = new Date(8.64e15);
  const START = new Date(-8.64e15);
  const zones = [
    "UTC",
    "Etc/GMT-14",
    "Etc/GMT+12",
    "Pacific/Kiritimati",
    "America/New_York",
    "Australia/Lord_Howe",
    "EST5EDT",
  ];

  it.each(zones)("%s: nextAfter at and just before the end of the range answers", (zone) => {
    for (const expression of ["* * * * *", "0 12 * * *", "0 0 * 2 1#5", "0 0 29 2 *"]) {
      const s = cron(expression, zone);
      expect(s.nextAfter(END)).toBeNull();
      const near = s.nextAfter(new Date(8.64e15 - 86_400_000));
      if (near !== null) {
        expect(near.getTime()).toBeGreaterThan(8.64e15 - 86_400_000);
        expect(near.getTime()).toBeLessThanOrEqual(8.64e15);
      }
      expect(s.dueSlots(new Date(8.64e15 - 3_600_000), END, "run-all").length).toBeLessThanOrEqual(
        10,
      );
    }
  });

  it.each(zones)("%s: every minute up to the very end, and from the very start", (zone) => {
    const s = cron("* * * * *", zone);
    expect(iso(s.nextAfter(new Date(8.64e15 - 30_000)))).toBe("+275760-09-13T00:00:00.000Z");
    // Before 1900 zones keep local mean time, offsets with seconds (New York: -4:56:02).
    const first = s.nextAfter(START) as Date;
    expect(first.getTime() - START.getTime()).toBeGreaterThan(0);
    expect(first.getTime() - START.getTime()).toBeLessThanOrEqual(60_000);
    expect(wallClock(first, zone).second).toBe(0);
    expect(wallClock(END, zone).year).toBeGreaterThanOrEqual(275760);
  });

  it("interval, once and jitter never produce an Invalid Date at the end of the range", () => {
    const every = createSchedule({ type: "interval", seconds: 86_400 * 365, jitterSeconds: 60 });
    expect(every.nextAfter(new Date(8.64e15 - 1000))).toBeNull();
    expect(every.nextAfter(END)).toBeNull();
    expect(every.jittered(END, () => 0.99).getTime()).toBe(8.64e15);
    const late = createSchedule({ type: "interval", seconds: 60, startAt: END });
    expect(iso(late.nextAfter(new Date(0)))).toBe("+275760-09-13T00:00:00.000Z");
    expect(late.nextAfter(END)).toBeNull();
    const once = createSchedule({ type: "once", at: END });
    expect(iso(once.firstRun(new Date(0)))).toBe("+275760-09-13T00:00:00.000Z");
  });
});

suite("intervals across the whole Date range", () => {
  it("stays on the grid and strictly after t when anchor and t are 1.7e16 ms apart", () => {
    const startAt = new Date(-8.64e15 + 25);
    const s = createSchedule({ type: "interval", seconds: 6.643, startAt, misfire: "run-all" });
    const t = new Date(8.64e15 - 86_400_000);
    const next = s.nextAfter(t) as Date;
    expect(next.getTime()).toBeGreaterThan(t.getTime());
    expect(next.getTime() - t.getTime()).toBeLessThanOrEqual(6643);
    expect((BigInt(next.getTime()) - BigInt(startAt.getTime())) % 6643n).toBe(0n);
    const slots = s.dueSlots(new Date(0), t);
    expect(slots).toHaveLength(10);
    expect(
      slots.every((d, i) => i === 0 || d.getTime() - (slots[i - 1] as Date).getTime() === 6643),
    ).toBe(true);
  });
});
