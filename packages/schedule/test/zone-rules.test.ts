import { describe as suite, expect, it } from "vitest";
import { compileCronCached } from "../src/cron/cron-cache.js";
import { zoneRules } from "../src/zone/zone-rules.js";
import { createSchedule } from "../src/index.js";

const HOUR = 3_600_000;

suite("zone offset tables", () => {
  it("finds New York's 2026 transitions to the second, with the offsets on both sides", () => {
    const ny = zoneRules("America/New_York");
    expect(ny.segmentAt(Date.parse("2026-06-01T00:00:00Z"))).toEqual({
      start: Date.parse("2026-03-08T07:00:00Z"),
      end: Date.parse("2026-11-01T06:00:00Z"),
      offset: -4 * HOUR,
      before: -5 * HOUR,
    });
    expect(ny.offsetAt(Date.parse("2026-03-08T06:59:59Z"))).toBe(-5 * HOUR);
    expect(ny.offsetAt(Date.parse("2026-03-08T07:00:00Z"))).toBe(-4 * HOUR);
  });

  it("finds Lord Howe's 30-minute shifts and Chatham's +12:45/+13:45 offsets", () => {
    const lordHowe = zoneRules("Australia/Lord_Howe").segmentAt(Date.parse("2026-10-03T16:00:00Z"));
    expect(lordHowe.start).toBe(Date.parse("2026-10-03T15:30:00Z"));
    expect(lordHowe.offset - lordHowe.before).toBe(HOUR / 2);
    expect(zoneRules("Pacific/Chatham").offsetAt(Date.parse("2026-07-01T00:00:00Z"))).toBe(
      12.75 * HOUR,
    );
  });

  it("treats a zone without transitions as one offset across year boundaries", () => {
    const kolkata = zoneRules("Asia/Kolkata");
    const seg = kolkata.segmentAt(Date.parse("2026-12-31T23:00:00Z"));
    expect(seg.offset).toBe(5.5 * HOUR);
    expect(seg.before).toBe(seg.offset);
    expect(kolkata.offsetAt(Date.parse("2027-01-01T00:30:00Z"))).toBe(5.5 * HOUR);
  });

  it("keeps a daily schedule right across a year boundary in a DST zone", () => {
    const s = createSchedule({
      type: "cron",
      expression: "0 0 * * *",
      timezone: "Australia/Sydney",
    });
    expect(s.nextAfter(new Date("2026-12-31T12:00:00Z"))?.toISOString()).toBe(
      "2026-12-31T13:00:00.000Z",
    );
  });
});

suite("parse cache", () => {
  it("compiles an expression once and serves the same compiled result afterwards", () => {
    const first = compileCronCached("7 7 * * *");
    expect(compileCronCached("7 7 * * *")).toBe(first);
  });

  it("still answers correctly after more distinct expressions than the cache holds", () => {
    for (let i = 0; i < 9000; i++)
      compileCronCached(
        `${i % 60} ${Math.floor(i / 60) % 24} ${1 + (Math.floor(i / 1440) % 28)} * *`,
      );
    const s = createSchedule({ type: "cron", expression: "7 7 * * *" });
    expect(s.nextAfter(new Date("2026-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-01-01T07:07:00.000Z",
    );
  });
});
