import { describe as suite, expect, it } from "vitest";
import { createSchedule } from "../src/index.js";
import { missedSlots } from "../src/schedule/misfire.js";

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

suite("misfire after a 3-day outage", () => {
  // Hourly at :00; the server went down just before the 2026-03-06T10:00Z slot and came back 3 days later.
  const hourly = createSchedule({ type: "cron", expression: "0 * * * *", maxCatchUp: 5 });
  const from = at("2026-03-06T10:00:00Z");
  const now = at("2026-03-09T10:30:00Z");

  it("skip runs none of the 73 missed slots", () => {
    expect(hourly.dueSlots(from, now, "skip")).toEqual([]);
  });

  it("run-once runs exactly the latest missed slot", () => {
    expect(iso(hourly.dueSlots(from, now, "run-once"))).toEqual(["2026-03-09T10:00:00.000Z"]);
  });

  it("run-all runs the most recent maxCatchUp slots, oldest first", () => {
    expect(iso(hourly.dueSlots(from, now, "run-all"))).toEqual([
      "2026-03-09T06:00:00.000Z",
      "2026-03-09T07:00:00.000Z",
      "2026-03-09T08:00:00.000Z",
      "2026-03-09T09:00:00.000Z",
      "2026-03-09T10:00:00.000Z",
    ]);
  });

  it("run-all runs every missed slot when there are fewer than maxCatchUp", () => {
    const daily = createSchedule({
      type: "cron",
      expression: "0 9 * * *",
      timezone: "America/New_York",
    });
    // 2026-03-08 is the spring-forward day in New York: 09:00 EDT is 13:00Z.
    expect(
      iso(daily.dueSlots(at("2026-03-06T14:00:00Z"), at("2026-03-09T12:00:00Z"), "run-all")),
    ).toEqual(["2026-03-06T14:00:00.000Z", "2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z"]);
  });

  it("uses the schedule's own policy by default, and run-once when none is set", () => {
    const all = createSchedule({
      type: "interval",
      seconds: 86_400,
      misfire: "run-all",
      startAt: "2026-03-06T00:00:00Z",
    });
    expect(iso(all.dueSlots(at("2026-03-06T00:00:00Z"), at("2026-03-09T00:00:00Z")))).toEqual([
      "2026-03-06T00:00:00.000Z",
      "2026-03-07T00:00:00.000Z",
      "2026-03-08T00:00:00.000Z",
      "2026-03-09T00:00:00.000Z",
    ]);
    expect(iso(hourly.dueSlots(from, now))).toEqual(["2026-03-09T10:00:00.000Z"]);
  });

  it("returns nothing when the slot is not yet due", () => {
    expect(hourly.dueSlots(at("2026-03-09T11:00:00Z"), now, "run-all")).toEqual([]);
  });

  it("finds the latest slots of a per-second schedule after 3 days without walking all 259,200 of them", () => {
    const everySecond = createSchedule({
      type: "cron",
      expression: "* * * * * *",
      misfire: "run-all",
      maxCatchUp: 3,
    });
    const started = performance.now();
    expect(
      iso(everySecond.dueSlots(at("2026-03-06T10:00:00Z"), at("2026-03-09T10:00:00Z"))),
    ).toEqual(["2026-03-09T09:59:58.000Z", "2026-03-09T09:59:59.000Z", "2026-03-09T10:00:00.000Z"]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

suite("run-all with a large maxCatchUp is linear", () => {
  it("visits each slot once and about as many as it returns (a ring buffer, no re-walks)", () => {
    let calls = 0;
    const perSecond = (after: number) => {
      calls++;
      return Math.floor(after / 1000) * 1000 + 1000;
    };
    const from = Date.UTC(2025, 0, 1);
    const now = Date.UTC(2026, 0, 1);
    const slots = missedSlots(perSecond, from, now, "run-all", 100_000);
    expect(slots).toHaveLength(100_000);
    expect(slots[0]).toBe(now - 99_999_000);
    expect(slots.at(-1)).toBe(now);
    expect(slots.every((slot, i) => i === 0 || slot === (slots[i - 1] ?? 0) + 1000)).toBe(true);
    expect(calls).toBeLessThan(130_000);
  });

  it("returns the latest 100,000 weekday seconds of a year, oldest first", () => {
    const weekdays = createSchedule({
      type: "cron",
      expression: "* * * * * 1-5",
      misfire: "run-all",
      maxCatchUp: 100_000,
    });
    // Monday 2026-03-09 12:00Z: the slots go back through Monday morning into Friday.
    const slots = weekdays.dueSlots(at("2025-03-09T12:00:00Z"), at("2026-03-09T12:00:00Z"));
    expect(slots).toHaveLength(100_000);
    expect(slots.at(-1)?.toISOString()).toBe("2026-03-09T12:00:00.000Z");
    // 43,201 seconds on Monday up to 12:00:00; the other 56,799 end Friday at 23:59:59.
    expect(slots[0]?.toISOString()).toBe("2026-03-06T08:13:21.000Z");
    expect(slots.every((d) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5)).toBe(true);
  });

  it("includes from itself when every slot since then fits", () => {
    const s = createSchedule({ type: "cron", expression: "* * * * 1 *" });
    const slots = s.dueSlots(at("2026-01-31T23:59:58Z"), at("2026-06-01T00:00:00Z"), "run-all");
    expect(iso(slots)).toEqual(["2026-01-31T23:59:58.000Z", "2026-01-31T23:59:59.000Z"]);
  });
});
