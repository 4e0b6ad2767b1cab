import { isActorError } from "@actor/core";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, isValidTimeZone, parseSchedule, scheduleSchema } from "../src/index.js";

const source = { actorName: "news", file: "actor_server.toml", key: "actors[0].schedule" };

function failure(input: unknown): {
  message: string;
  context: Record<string, unknown>;
  code: string;
} {
  try {
    parseSchedule(input, source);
  } catch (error) {
    if (!isActorError(error)) throw error;
    return { message: error.message, context: error.context, code: error.code };
  }
  throw new Error("expected parseSchedule to throw");
}

suite("parseSchedule: accepted spellings", () => {
  it('loads the original server\'s TOML spelling (type = "Cron" / "Interval") unchanged', () => {
    expect(parseSchedule({ type: "Cron", expression: "0 9 * * 1-5" })).toEqual({
      type: "cron",
      expression: "0 9 * * 1-5",
    });
    expect(parseSchedule({ type: "Interval", seconds: 300 })).toEqual({
      type: "interval",
      seconds: 300,
    });
  });

  it("folds snake_case keys and misfire spellings into the canonical camelCase definition", () => {
    expect(
      parseSchedule({
        type: "interval",
        seconds: 60,
        start_at: "2026-01-01T00:00:00+01:00",
        jitter_seconds: 5,
        max_catch_up: 3,
        misfire: "run_all",
      }),
    ).toEqual({
      type: "interval",
      seconds: 60,
      startAt: new Date("2025-12-31T23:00:00Z"),
      jitterSeconds: 5,
      misfire: "run-all",
      maxCatchUp: 3,
    });
    expect(
      parseSchedule({ type: "cron", expression: "0 9 * * *", time_zone: "Europe/Rome" }),
    ).toEqual({ type: "cron", expression: "0 9 * * *", timezone: "Europe/Rome" });
  });

  it("accepts a Date or an ISO string with an offset for once.at, and 6-field expressions with seconds", () => {
    const at = new Date("2026-03-08T09:00:00Z");
    expect(parseSchedule({ type: "once", at })).toEqual({ type: "once", at });
    expect(parseSchedule({ type: "once", at: "2026-03-08T09:00:00Z" })).toEqual({
      type: "once",
      at,
    });
    expect(parseSchedule({ type: "cron", expression: "*/10 * * * * *" }).type).toBe("cron");
    expect(parseSchedule({ type: "immediate" })).toEqual({ type: "immediate" });
  });

  it("exposes the same validation through scheduleSchema for embedding in a config schema", () => {
    expect(scheduleSchema.safeParse({ type: "Cron", expression: "0 25 * * *" }).success).toBe(
      false,
    );
    expect(scheduleSchema.parse({ type: "Cron", expression: "@daily" })).toEqual({
      type: "cron",
      expression: "@daily",
    });
  });
});

suite("parseSchedule: errors name the actor, the field, the bad value and what is accepted", () => {
  it("rejects an out-of-range hour with the exact field and range", () => {
    const f = failure({ type: "cron", expression: "0 25 * * *" });
    expect(f.code).toBe("invalid-config");
    expect(f.message).toContain('"0 25 * * *": hour 25 is out of range 0-23');
    expect(f.message).toContain('actor "news"');
    expect(f.message).toContain("actor_server.toml");
    expect(f.context).toMatchObject({
      actorName: "news",
      file: "actor_server.toml",
      key: "actors[0].schedule",
      field: "expression",
    });
    expect(f.message).not.toMatch(/\n\s+at /);
  });

  it("rejects an unknown time zone by name", () => {
    expect(
      failure({ type: "cron", expression: "0 9 * * *", timezone: "Mars/Olympus" }).message,
    ).toContain('timezone "Mars/Olympus" is not an IANA time zone');
  });

  it.each([
    [{ type: "cron", expression: "* * *" }, "has 3 fields; a cron expression has 5 fields"],
    [{ type: "cron", expression: "61 * * * *" }, "minute 61 is out of range 0-59"],
    [{ type: "cron", expression: "0 0 32 * *" }, "day-of-month 32 is out of range 1-31"],
    [{ type: "cron", expression: "0 0 * 13 *" }, "month 13 is out of range 1-12"],
    [{ type: "cron", expression: "0 0 * * 8" }, "day-of-week 8 is out of range 0-7"],
    [{ type: "cron", expression: "0 0 30 2 *" }, "never occurs"],
    [{ type: "cron", expression: "*/0 * * * *" }, 'minute step "*/0" must be at least 1'],
    [{ type: "cron", expression: "0 0 15W * *" }, 'day-of-month "15W" is not valid'],
    [
      { type: "weekly" },
      'type "weekly" is not a schedule type (accepted: "cron", "interval", "once", "immediate")',
    ],
    [{ seconds: 5 }, "type is missing"],
    [{ type: "interval", seconds: 0 }, "seconds 0 must be at least 0.001 (one millisecond)"],
    [{ type: "interval", seconds: "60" }, 'seconds "60" is not a number'],
    [{ type: "once", at: "2026-03-08T09:00" }, "is not an ISO 8601 date-time with a UTC offset"],
    [
      { type: "cron", expresion: "0 0 * * *" },
      'unknown key "expresion" (did you mean "expression"?) for a cron schedule (accepted: type, expression',
    ],
    [
      { type: "cron", expression: "0 0 * * *", misfire: "later" },
      'misfire "later" is not accepted (accepted: "run-once", "skip", "run-all")',
    ],
    [
      { type: "cron", expression: "0 0 * * *", timezone: "UTC", time_zone: "UTC" },
      '"timezone" and "time_zone" are the same setting',
    ],
    [
      { type: "cron", expression: "0 0 * * *", jitterSeconds: -1 },
      "jitterSeconds -1 must be at least 0",
    ],
    ["0 9 * * *", 'a schedule must be a table/object with a "type" key, got "0 9 * * *"'],
  ])("rejects %j with a message containing %s", (input, expected) => {
    expect(failure(input).message).toContain(expected);
  });

  it("throws the same error from createSchedule, with the source it was given", () => {
    expect(() => createSchedule({ type: "cron", expression: "0 25 * * *" }, { source })).toThrow(
      /actor "news".*hour 25 is out of range 0-23/,
    );
  });
});

suite("isValidTimeZone", () => {
  it("accepts IANA names and UTC, rejects unknown names and bare offsets", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("+02:00")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
