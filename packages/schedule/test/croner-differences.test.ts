import { Cron } from "croner";
import { describe as suite, expect, it } from "vitest";
import { createSchedule } from "../src/index.js";

/** The places where croner's documented semantics deliberately differ from the Vixie rule we follow. */
suite("documented differences from croner", () => {
  const next = (expression: string, timezone: string, after: string) =>
    createSchedule({ type: "cron", expression, timezone })
      .nextAfter(new Date(after))
      ?.toISOString();
  const croner = (expression: string, timezone: string, after: string) =>
    new Cron(expression, { timezone, fixedTimeRule: "no-wildcard" })
      .nextRun(new Date(after))
      ?.toISOString();

  it("treats a stepped range without * in the minute field (0-30/15 2 * * *) as fixed-time and fires it after the gap", () => {
    const after = "2026-03-08T05:00:00Z";
    expect(next("0-30/15 2 * * *", "America/New_York", after)).toBe("2026-03-08T07:00:00.000Z");
    expect(croner("0-30/15 2 * * *", "America/New_York", after)).not.toBe(
      "2026-03-08T07:00:00.000Z",
    );
  });

  it("combines a *-stepped day-of-month with a restricted day-of-week by AND, as Vixie does (croner uses OR)", () => {
    // */2 means odd days of the month. After Monday 2026-06-01, AND gives the next odd-dated Monday
    // (the 15th); OR would give the next odd day (the 3rd).
    const after = "2026-06-01T13:00:00Z";
    expect(next("0 12 */2 * 1", "UTC", after)).toBe("2026-06-15T12:00:00.000Z");
    expect(croner("0 12 */2 * 1", "UTC", after)).toBe("2026-06-03T12:00:00.000Z");
  });

  it("treats fixed minute and hour with a wildcard seconds field as fixed-time (the seconds field does not count)", () => {
    const after = "2026-03-08T06:59:00Z";
    // 02:30:00-02:30:50 do not exist in New York on 2026-03-08; they fire once, at 03:00:00 EDT.
    expect(next("*/10 30 2 * * *", "America/New_York", after)).toBe("2026-03-08T07:00:00.000Z");
    expect(next("*/10 30 2 * * *", "America/New_York", "2026-03-08T07:00:00Z")).toBe(
      "2026-03-09T06:30:00.000Z",
    );
    expect(croner("*/10 30 2 * * *", "America/New_York", after)).not.toBe(
      "2026-03-08T07:00:00.000Z",
    );
  });
});
