import { describe, expect, it } from "vitest";
import { createSchedule } from "../src/index.js";

describe("createSchedule with the typed alternative spellings", () => {
  it("builds the same canonical definition as the canonical spelling", () => {
    const original = createSchedule({
      type: "Cron",
      expression: "0 9 * * 1-5",
      time_zone: "europe/rome",
      jitter_seconds: 30,
      max_catch_up: 5,
      misfire: "run_all",
    });
    expect(original.definition).toEqual({
      type: "cron",
      expression: "0 9 * * 1-5",
      timezone: "Europe/Rome",
      jitterSeconds: 30,
      misfire: "run-all",
      maxCatchUp: 5,
    });
    expect(original.nextAfter(new Date("2026-03-09T00:00:00Z"))).toEqual(
      new Date("2026-03-09T08:00:00Z"),
    );
    const interval = createSchedule({
      type: "Interval",
      seconds: 300,
      start_at: "2026-03-08T09:00:00+01:00",
    });
    expect(interval.definition).toEqual({
      type: "interval",
      seconds: 300,
      startAt: new Date("2026-03-08T08:00:00Z"),
    });
    expect(createSchedule({ type: "Once", at: "2026-03-08 09:00Z" }).definition).toEqual({
      type: "once",
      at: new Date("2026-03-08T09:00:00Z"),
    });
  });

  it("still refuses at run time what the types cannot see: a date that does not exist", () => {
    expect(() => createSchedule({ type: "once", at: "2026-02-30T00:00:00Z" })).toThrow(
      /not a real date/,
    );
  });
});
