import { describe as suite, expect, it } from "vitest";
import { createSchedule } from "../src/index.js";
import { endOfGap, instantsOf, offsetsAround, showLocal, wallClock } from "./support/wall-clock.js";

const HOUR = 3_600_000;
const ALL_HOURS = Array.from({ length: 24 }, (_, h) => h);
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Europe/Rome",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
];
const CASES = [
  { expression: "0 * * * *", hours: ALL_HOURS, minutes: [0], fixed: false },
  { expression: "30 2 * * *", hours: [2], minutes: [30], fixed: true },
  { expression: "*/15 * * * *", hours: ALL_HOURS, minutes: [0, 15, 30, 45], fixed: false },
];
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_END = Date.UTC(2027, 0, 1);

function fires(expression: string, timezone: string, from: number, to: number): number[] {
  const schedule = createSchedule({ type: "cron", expression, timezone });
  const out: number[] = [];
  for (
    let t = schedule.nextAfter(new Date(from - 1));
    t !== null && t.getTime() < to;
    t = schedule.nextAfter(t)
  ) {
    out.push(t.getTime());
  }
  return out;
}

/** The documented rule, evaluated by brute force over wall times with Intl as the only time source. */
function expectedFires(
  c: (typeof CASES)[number],
  zone: string,
  from: number,
  to: number,
): number[] {
  const out = new Set<number>();
  for (let day = from - 2 * 24 * HOUR; day < to + 2 * 24 * HOUR; day += 24 * HOUR) {
    const offsets = offsetsAround(zone, day, day + 24 * HOUR);
    for (const h of c.hours) {
      for (const m of c.minutes) {
        const local = day + h * HOUR + m * 60_000;
        const instants = instantsOf(zone, local, offsets);
        const chosen = c.fixed
          ? instants.length > 0
            ? instants.slice(0, 1)
            : [endOfGap(zone, local)]
          : instants;
        for (const t of chosen) if (t >= from && t < to) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

suite("DST over a whole year (2026)", () => {
  for (const zone of ZONES) {
    for (const c of CASES) {
      it(`${c.expression} in ${zone} fires exactly at the instants the DST rule names, none twice, none lost`, () => {
        const ours = fires(c.expression, zone, YEAR_START, YEAR_END);
        expect(new Set(ours).size).toBe(ours.length);
        expect(ours).toEqual(expectedFires(c, zone, YEAR_START, YEAR_END));
        if (c.fixed) {
          // A fixed-time expression fires once per local day: never twice, never lost in a gap.
          const days = new Set(
            ours.map((t) => showLocal(wallClock(zone, t - 6 * HOUR)).slice(0, 10)),
          );
          expect(days.size).toBe(ours.length);
          expect(ours.length).toBe(365);
        }
      });
    }
  }
});

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const between = (expression: string, zone: string, from: string, to: string) =>
  fires(expression, zone, Date.parse(from), Date.parse(to)).map(iso);

suite("DST gap (spring forward)", () => {
  it("fires 30 2 * * * in New York at 03:00 EDT on the spring-forward day, not at 03:30", () => {
    expect(
      between("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z"),
    ).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("fires 0 2 * * * in Rome at 03:00 CEST on the spring-forward day (cron-parser returns nothing there)", () => {
    expect(
      between("0 2 * * *", "Europe/Rome", "2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z"),
    ).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:00:00.000Z"]);
  });

  it("keeps the real 02:30 and 02:45 of */15 in Lord Howe's 30-minute October gap", () => {
    expect(
      between(
        "*/15 * * * *",
        "Australia/Lord_Howe",
        "2026-10-03T15:00:00Z",
        "2026-10-03T16:00:00Z",
      ),
    ).toEqual([
      "2026-10-03T15:00:00.000Z", // 01:30 +10:30
      "2026-10-03T15:15:00.000Z", // 01:45 +10:30
      "2026-10-03T15:30:00.000Z", // 02:30 +11 (02:00 and 02:15 do not exist)
      "2026-10-03T15:45:00.000Z", // 02:45 +11
    ]);
  });

  it("fires 15 2 * * * in Lord Howe's 30-minute gap once, at 02:30 when the gap ends", () => {
    expect(
      between("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T00:00:00Z", "2026-10-04T00:00:00Z"),
    ).toEqual(["2026-10-03T15:30:00.000Z"]);
  });

  it("fires several fixed times that fall in one gap only once, at the end of the gap", () => {
    expect(
      between("0,30 2 * * *", "America/New_York", "2026-03-08T05:00:00Z", "2026-03-08T12:00:00Z"),
    ).toEqual(["2026-03-08T07:00:00.000Z"]);
  });

  it("skips the wall times an hourly expression loses in New York's gap and keeps its real-time cadence", () => {
    expect(
      between("0 * * * *", "America/New_York", "2026-03-08T05:30:00Z", "2026-03-08T08:30:00Z"),
    ).toEqual([
      "2026-03-08T06:00:00.000Z", // 01:00 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT (02:00 does not exist)
      "2026-03-08T08:00:00.000Z",
    ]);
  });
});

suite("DST overlap (fall back)", () => {
  it("fires 30 1 * * * in New York once, at the first 01:30 (EDT)", () => {
    expect(
      between("30 1 * * *", "America/New_York", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),
    ).toEqual(["2026-11-01T05:30:00.000Z"]);
  });

  it("fires */15 at both real occurrences of New York's repeated hour", () => {
    expect(
      between("*/15 * * * *", "America/New_York", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"),
    ).toHaveLength(8);
  });

  it("fires 15 2 * * * in Lord Howe on the April change day (cron-parser loops there)", () => {
    expect(
      between("15 2 * * *", "Australia/Lord_Howe", "2026-04-04T00:00:00Z", "2026-04-05T00:00:00Z"),
    ).toEqual(["2026-04-04T15:45:00.000Z"]);
  });

  it("fires 45 1 * * * in Lord Howe's 30-minute repeat only at the first 01:45 (+11)", () => {
    expect(
      between("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T00:00:00Z", "2026-04-05T00:00:00Z"),
    ).toEqual(["2026-04-04T14:45:00.000Z"]);
  });

  it("fires 30 1 * * * in London once on the fall-back day, at 01:30 BST", () => {
    expect(
      between("30 1 * * *", "Europe/London", "2026-10-25T00:00:00Z", "2026-10-26T00:00:00Z"),
    ).toEqual(["2026-10-25T00:30:00.000Z"]);
  });
});

suite("zones without DST", () => {
  it("fires 30 2 * * * in Kolkata every day at 21:00 UTC the day before", () => {
    const got = fires("30 2 * * *", "Asia/Kolkata", Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 4));
    expect(got.map(iso)).toEqual([
      "2026-03-01T21:00:00.000Z",
      "2026-03-02T21:00:00.000Z",
      "2026-03-03T21:00:00.000Z",
    ]);
  });
});
