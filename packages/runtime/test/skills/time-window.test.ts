import { describe, expect, it } from "vitest";
import { timeWindowSkill, type TimeWindowOptions } from "../../src/skills/index.js";
import { FakeClock, skillContext } from "./helpers.js";

async function statusAt(options: TimeWindowOptions, scheduledFor: string) {
  return (await timeWindowSkill(options).run(skillContext({ scheduledFor }))).status;
}

describe("time-window", () => {
  it("proceeds inside [start, end) and skips outside, with start inclusive and end exclusive", async () => {
    const window = { start: "09:00", end: "17:00" };
    expect(await statusAt(window, "2026-03-02T08:59:59Z")).toBe("skipped");
    expect(await statusAt(window, "2026-03-02T09:00:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-02T16:59:59Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-02T17:00:00Z")).toBe("skipped");
  });

  it("halts the pipeline outside the window with a reason naming the window and local time", async () => {
    const outcome = await timeWindowSkill({
      start: "09:00",
      end: "17:00",
      timezone: "Europe/Paris",
    }).run(skillContext({ scheduledFor: "2026-03-02T17:30:00Z" }));
    expect(outcome).toEqual({
      status: "skipped",
      reason: "outside time window 09:00–17:00 Europe/Paris (local time 18:30)",
      halt: true,
    });
  });

  it("handles a window crossing midnight", async () => {
    const window = { start: "22:00", end: "02:00" };
    expect(await statusAt(window, "2026-03-02T21:59:00Z")).toBe("skipped");
    expect(await statusAt(window, "2026-03-02T23:30:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-03T01:59:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-03T02:00:00Z")).toBe("skipped");
    expect(await statusAt(window, "2026-03-03T12:00:00Z")).toBe("skipped");
  });

  it("reads the time in the given zone, following its DST offset", async () => {
    const window = { start: "09:00", end: "10:00", timezone: "America/New_York" };
    // Winter: UTC-5, so 09:30 local is 14:30Z. Summer: UTC-4, so 13:30Z.
    expect(await statusAt(window, "2026-01-15T14:30:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-01-15T13:30:00Z")).toBe("skipped");
    expect(await statusAt(window, "2026-07-15T13:30:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-07-15T14:30:00Z")).toBe("skipped");
  });

  it("opens only on the listed days; after midnight the window belongs to the day it opened", async () => {
    const window = { start: "22:00", end: "02:00", days: ["fri" as const] };
    // 2026-03-06 is a Friday.
    expect(await statusAt(window, "2026-03-06T23:00:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-07T01:00:00Z")).toBe("succeeded");
    expect(await statusAt(window, "2026-03-07T23:00:00Z")).toBe("skipped");
    expect(await statusAt(window, "2026-03-06T01:00:00Z")).toBe("skipped");
  });

  it("checks the slot's scheduled time, not the clock, unless at is now", async () => {
    const clock = new FakeClock("2026-03-02T20:00:00Z");
    const ctx = skillContext({ clock, scheduledFor: "2026-03-02T10:00:00Z" });
    expect((await timeWindowSkill({ start: "09:00", end: "11:00" }).run(ctx)).status).toBe(
      "succeeded",
    );
    expect(
      (await timeWindowSkill({ start: "09:00", end: "11:00", at: "now" }).run(ctx)).status,
    ).toBe("skipped");
  });

  it("outputs the local time it checked", async () => {
    const outcome = await timeWindowSkill({
      start: "08:00",
      end: "12:00",
      timezone: "Asia/Kolkata",
    }).run(skillContext({ scheduledFor: "2026-03-02T04:00:00Z" }));
    expect(outcome).toEqual({
      status: "succeeded",
      output: { timezone: "Asia/Kolkata", localTime: "09:30", weekday: "mon" },
    });
  });

  it("rejects a bad HH:MM, an unknown zone and an empty window when created", () => {
    expect(() => timeWindowSkill({ start: "25:00", end: "10:00" })).toThrow(
      /option "start" must be a time as HH:MM.*got "25:00"/,
    );
    expect(() => timeWindowSkill({ start: "9am", end: "10:00" })).toThrow(/option "start"/);
    expect(() => timeWindowSkill({ start: "09:00", end: "10:60" })).toThrow(
      /option "end".*"10:60"/,
    );
    expect(() =>
      timeWindowSkill({ start: "09:00", end: "10:00", timezone: "Mars/Olympus" }),
    ).toThrow(/option "timezone" must be an IANA time zone.*"Mars\/Olympus"/);
    expect(() => timeWindowSkill({ start: "09:00", end: "09:00" })).toThrow(/different from start/);
    expect(() =>
      timeWindowSkill({ start: "09:00", end: "10:00", days: ["funday" as "fri"] }),
    ).toThrow(/option "days"/);
  });

  it("accepts 24:00 as the end of the day", async () => {
    expect(await statusAt({ start: "20:00", end: "24:00" }, "2026-03-02T23:59:00Z")).toBe(
      "succeeded",
    );
  });
});

describe("timeWindow: the whole day", () => {
  it('accepts start "00:00" and end "24:00" as the whole day, restricted by days', async () => {
    const weekend = { start: "00:00", end: "24:00", days: ["sat", "sun"] } as TimeWindowOptions;
    expect(await statusAt(weekend, "2026-03-07T00:00:00Z")).toBe("succeeded"); // Saturday
    expect(await statusAt(weekend, "2026-03-08T23:59:59Z")).toBe("succeeded"); // Sunday
    expect(await statusAt(weekend, "2026-03-09T00:00:00Z")).toBe("skipped"); // Monday
    expect(() => timeWindowSkill({ start: "10:00", end: "10:00" })).toThrow(/00:00" to "24:00/);
  });
});
