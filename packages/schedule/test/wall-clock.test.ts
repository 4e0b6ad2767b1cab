import { describe, expect, it } from "vitest";
import { wallClock } from "@actor/schedule";
import { wallClock as oracleWallClock } from "./support/wall-clock.js";

const ZONES = ["UTC", "America/New_York", "Europe/Rome", "Australia/Lord_Howe", "Asia/Kolkata"];

/** The expected reading, from the independent Intl oracle of the DST tests. */
function oracleReading(instant: Date, zone: string) {
  const local = new Date(oracleWallClock(zone, instant.getTime()));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

describe("wallClock", () => {
  it("agrees with Intl on every field across a year of instants, DST changes included", () => {
    const start = Date.UTC(2026, 0, 1);
    for (const zone of ZONES) {
      for (let i = 0; i < 2_000; i++) {
        const instant = new Date(start + Math.floor(i * 15_779.3) * 1000); // ~every 4.4 h over a year
        const { offsetMinutes: _, ...reading } = wallClock(instant, zone);
        expect(reading, `${zone} ${instant.toISOString()}`).toEqual(oracleReading(instant, zone));
      }
    }
  });

  it("reports the offset in minutes, with half-hour DST in Lord Howe", () => {
    expect(wallClock(new Date("2026-01-15T00:00:00Z"), "Australia/Lord_Howe").offsetMinutes).toBe(
      660,
    );
    expect(wallClock(new Date("2026-07-15T00:00:00Z"), "Australia/Lord_Howe").offsetMinutes).toBe(
      630,
    );
    expect(wallClock(new Date("2026-07-15T00:00:00Z"), "Asia/Kolkata").offsetMinutes).toBe(330);
  });

  it("rejects an unknown zone with invalid-config naming it", () => {
    expect(() => wallClock(new Date(), "Mars/Olympus")).toThrowError(
      /"Mars\/Olympus" is not an IANA time zone/,
    );
  });
});
