import { isActorError } from "@actor/core";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, describe, parseSchedule, wallClock } from "../src/index.js";
import { zoneRules } from "../src/zone/zone-rules.js";

/** The message of the ActorError `invalid-config` that parsing `input` throws. */
function rejection(input: unknown): string {
  try {
    parseSchedule(input);
  } catch (error) {
    if (isActorError(error) && error.code === "invalid-config") return error.message;
    throw error;
  }
  throw new Error(`expected ${String(input)} to be rejected`);
}

suite("once: real calendar dates only", () => {
  it.each([
    [
      "2026-02-30T00:00:00Z",
      'at "2026-02-30T00:00:00Z" is not a real date: February 2026 has 28 days',
    ],
    [
      "2026-02-29T00:00:00Z",
      'at "2026-02-29T00:00:00Z" is not a real date: February 2026 has 28 days',
    ],
    ["2026-04-31T09:00:00+02:00", "April 2026 has 30 days"],
    ["2026-13-01T00:00:00Z", "has no month 13"],
    ["2026-03-08T24:00:00Z", "is not a real time of day"],
    ["2026-03-08T09:60:00Z", "is not a real time of day"],
    ["2026-03-08T09:00:00+25:00", "impossible UTC offset"],
    ["2026-02-29", "is not an ISO 8601 date-time with a UTC offset"],
    ["", "is not an ISO 8601 date-time with a UTC offset"],
  ])("rejects %s", (at, expected) => {
    expect(rejection({ type: "once", at })).toContain(expected);
  });

  it("accepts February 29 of a leap year, and names startAt when it is the bad key", () => {
    expect(parseSchedule({ type: "once", at: "2028-02-29T12:00:00Z" })).toEqual({
      type: "once",
      at: new Date("2028-02-29T12:00:00Z"),
    });
    expect(
      rejection({ type: "interval", seconds: 60, start_at: "2026-02-30T00:00:00Z" }),
    ).toContain('startAt "2026-02-30T00:00:00Z" is not a real date');
    expect(rejection({ type: "once", at: new Date(Number.NaN) })).toContain(
      "at is an Invalid Date",
    );
  });
});

suite("the parse cache hands out nothing mutable", () => {
  it("a parsed date cannot be changed, and the next identical parse is unaffected", () => {
    const first = parseSchedule({ type: "once", at: "2026-03-01T00:00:00Z" });
    if (first.type !== "once") throw new Error("once expected");
    expect(() => first.at.setTime(0)).toThrow(/read-only/);
    expect(() => first.at.setUTCDate(2)).toThrow(/read-only/);
    expect(Object.isFrozen(first)).toBe(true);
    const again = parseSchedule({ type: "once", at: "2026-03-01T00:00:00Z" });
    expect(again.type === "once" && again.at.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    // Still a Date to everything that reads it.
    expect(first.at instanceof Date && JSON.stringify(first.at)).toBe('"2026-03-01T00:00:00.000Z"');
    expect(structuredClone(first.at).getTime()).toBe(first.at.getTime());
  });

  it("a caller's Date mutated after parsing does not change the definition or the schedule", () => {
    const at = new Date("2026-03-01T00:00:00Z");
    const schedule = createSchedule({ type: "once", at });
    const key = schedule.key;
    at.setUTCFullYear(2030);
    expect(schedule.definition.type === "once" && schedule.definition.at.toISOString()).toBe(
      "2026-03-01T00:00:00.000Z",
    );
    expect(schedule.key).toBe(key);
    expect(schedule.nextAfter(new Date("2026-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-01T00:00:00.000Z",
    );
  });

  it("a value imitating the key's separators is not answered with another definition", () => {
    parseSchedule({ type: "cron", expression: "0 9 * * *", timezone: "UTC" });
    expect(() =>
      parseSchedule({ type: "cron", expression: "0 9 * * *\u0001timezone\u0000sUTC" }),
    ).toThrow(/day-of-week "\*\\u0001timezone\\u0000sUTC" is not valid/);
    parseSchedule({ type: "interval", seconds: 60, jitterSeconds: 0 });
    expect(parseSchedule({ type: "interval", seconds: 60, jitterSeconds: -0 })).toEqual({
      type: "interval",
      seconds: 60,
      jitterSeconds: -0,
    });
    expect(() => parseSchedule({ type: "interval", seconds: "60" })).toThrow(/is not a number/);
  });
});

suite("the parse cache cannot be poisoned", () => {
  it("a getter answering differently on each read does not store one definition under another's key", () => {
    let reads = 0;
    const shifty = {
      type: "cron",
      get expression() {
        reads++;
        return reads === 1 ? "0 9 * * *" : "0 10 * * *";
      },
    };
    parseSchedule(shifty);
    expect(parseSchedule({ type: "cron", expression: "0 9 * * *" })).toEqual({
      type: "cron",
      expression: "0 9 * * *",
    });
  });

  it("shares one zone table among spellings of a zone", () => {
    expect(zoneRules("asia/kolkata")).toBe(zoneRules("Asia/Kolkata"));
    expect(zoneRules("america/new_york")).toBe(zoneRules("America/New_York"));
    expect(zoneRules("Etc/UTC")).toBe(zoneRules("UTC"));
  });

  it("lists at most five unknown keys", () => {
    const input: Record<string, unknown> = { type: "immediate" };
    for (let i = 0; i < 10_000; i++) input[`k${i}`] = i;
    const message = rejection(input);
    expect(message).toContain("and 9995 more");
    expect(message.length).toBeLessThan(400);
  });
});

suite("messages for careless and hostile values", () => {
  it.each([
    [
      { type: "cron", expression: "? 9 * * *" },
      'minute "?": "?" is only accepted in the day-of-month and day-of-week fields',
    ],
    [{ type: "cron", expression: "0 ? * * *" }, 'hour "?": "?" is only accepted'],
    [{ type: "cron", expression: "0 0 * ? *" }, 'month "?": "?" is only accepted'],
    [{ type: "interval", seconds: Number.NaN }, "seconds NaN is not a finite number"],
    [
      { type: "interval", seconds: Number.POSITIVE_INFINITY },
      "seconds Infinity is not a finite number",
    ],
    [{ type: "interval", seconds: -0 }, "seconds -0 must be at least 0.001 (one millisecond)"],
    [
      { type: "interval", seconds: 0.0004 },
      "seconds 0.0004 must be at least 0.001 (one millisecond)",
    ],
    [{ type: "interval", seconds: 1e300 }, "seconds 1e+300 must be at most"],
    [
      { type: "cron", expression: "* * * * *", jitterSeconds: Number.NaN },
      "jitterSeconds NaN is not a finite number",
    ],
    [
      { type: "cron", expression: "* * * * *", maxCatchUp: 2.5 },
      "maxCatchUp 2.5 is not a whole number",
    ],
    [
      { type: "cron", expression: "0 9 * * MON-" },
      'day-of-week "MON-" has a range with a missing or unknown end; write both ends, e.g. "MON-FRI"',
    ],
    [{ type: "cron", expression: "0 9 * * -FRI" }, 'day-of-week "-FRI"'],
    [{ type: "cron", expression: "" }, "has 0 fields"],
    [{ type: "cron", expression: "   " }, "has 0 fields"],
    [
      { type: "cron", expression: "0 9 * * *", timezone: "" },
      'timezone "" is not an IANA time zone',
    ],
    [
      { type: "cron", expression: "0 9 * * *", timezone: "Europe/Pariss" },
      'did you mean "Europe/Paris"?',
    ],
    [
      { type: "cron", expression: "0 9 * * *", timezone: "Etc/GMT+14" },
      '"Etc/GMT+N" means N hours west of UTC',
    ],
    [{ type: "cron", expression: "0 9 * * *", timezone: "+02:00" }, "is not an IANA time zone"],
    [{ type: "", expression: "0 9 * * *" }, 'type "" is not a schedule type'],
  ])("%j → %s", (input, expected) => {
    expect(rejection(input)).toContain(expected);
  });

  it("treats __proto__ and constructor as unknown keys, with a suggestion for a near miss", () => {
    expect(
      rejection(JSON.parse('{"type":"cron","expression":"0 9 * * *","__proto__":1}')),
    ).toContain('unknown key "__proto__" for a cron schedule (accepted: type, expression');
    expect(rejection({ type: "cron", expression: "0 9 * * *", constructor: 1 })).toContain(
      'unknown key "constructor" for a cron schedule',
    );
    expect(rejection({ type: "cron", expression: "0 9 * * *", timezon: "UTC" })).toContain(
      'unknown key "timezon" (did you mean "timezone"?)',
    );
    expect(rejection({ type: "interval", seconds: 5, jiter_seconds: 1 })).toContain(
      '(did you mean "jitter_seconds"?)',
    );
  });

  it("bounds a very long expression and keeps the message short", () => {
    const message = rejection({ type: "cron", expression: `${"1,".repeat(50_000)}1 * * * *` });
    expect(message).toContain("characters long; at most 1000 are accepted");
    expect(message.length).toBeLessThan(400);
    const long = rejection({
      type: "cron",
      expression: "0 9 * * *",
      timezone: "x".repeat(100_000),
    });
    expect(long.length).toBeLessThan(400);
  });

  it("accepts weird but real zones and lowercase names, spelled the usual way", () => {
    for (const zone of [
      "EST5EDT",
      "Etc/GMT-14",
      "Etc/GMT+12",
      "Pacific/Kiritimati",
      "Asia/Kathmandu",
    ]) {
      const s = createSchedule({ type: "cron", expression: "0 12 * * *", timezone: zone });
      const fire = s.nextAfter(new Date("2026-06-01T00:00:00Z")) as Date;
      expect(wallClock(fire, zone)).toMatchObject({ hour: 12, minute: 0, second: 0 });
    }
    const lower = parseSchedule({
      type: "cron",
      expression: "0 9 * * *",
      timezone: "america/new_york",
    });
    expect(lower).toEqual({ type: "cron", expression: "0 9 * * *", timezone: "America/New_York" });
    expect(parseSchedule({ type: "cron", expression: "0 9 * * *", timezone: "utc" })).toEqual({
      type: "cron",
      expression: "0 9 * * *",
      timezone: "UTC",
    });
    expect(wallClock(new Date("2026-07-01T12:00:00Z"), "europe/paris").hour).toBe(14);
  });

  it("wallClock throws ActorErrors, never a raw RangeError", () => {
    expect(() => wallClock(new Date(Number.NaN), "Europe/Paris")).toThrow(
      expect.objectContaining({ name: "ActorError", code: "validation" }),
    );
    expect(() => wallClock(new Date(), "Mars/Olympus")).toThrow(
      expect.objectContaining({ name: "ActorError", code: "invalid-config" }),
    );
  });

  it("describes what it accepted, including tiny and fractional intervals", () => {
    expect(describe(parseSchedule({ type: "interval", seconds: 0.001 }))).toBe(
      "every 0.001 seconds",
    );
    expect(describe(parseSchedule({ type: "interval", seconds: 1.5 }))).toBe("every 1.5 seconds");
  });
});
