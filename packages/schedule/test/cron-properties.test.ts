import { Cron } from "croner";
import fc from "fast-check";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, parseSchedule } from "../src/index.js";
import { compileCronCached } from "../src/cron/cron-cache.js";
import { cronExpression, cronExpression5, zoneAndInstant } from "./support/arbitraries.js";
import { isFixedTime, matchesLocal } from "./support/match-local.js";
import { instantsOf, wallClock } from "./support/wall-clock.js";

const MINUTE = 60_000;
const valid = (expression: string) => compileCronCached(expression).ok;

/** True when a fixed-time expression may fire at `r` because a skipped wall time in the gap ending at `r` matches. */
function isGapFire(expression: string, zone: string, r: number): boolean {
  const before = wallClock(zone, r - 1000) + 1000;
  const after = wallClock(zone, r);
  for (let local = before; local < after; local += 1000)
    if (matchesLocal(expression, local)) return true;
  return false;
}

suite("cron next run: properties (fast-check, fixed seed)", () => {
  it("nextAfter(t) is after t, matches the expression in its zone (or ends a gap), and no fire instant is skipped", () => {
    fc.assert(
      fc.property(cronExpression5.filter(valid), zoneAndInstant, (expression, { zone, t }) => {
        const schedule = createSchedule({ type: "cron", expression, timezone: zone });
        const next = schedule.nextAfter(new Date(t));
        expect(next).not.toBeNull();
        const r = (next as Date).getTime();
        expect(r).toBeGreaterThan(t);
        const fixed = isFixedTime(expression);
        const local = wallClock(zone, r);
        expect(matchesLocal(expression, local) || (fixed && isGapFire(expression, zone, r))).toBe(
          true,
        );
        // Scan every minute up to the result (at most two days) for a fire instant it jumped over.
        const end = Math.min(r, t + 2 * 24 * 60 * MINUTE);
        let previousLocal = wallClock(zone, Math.floor(t / MINUTE) * MINUTE);
        for (let s = Math.floor(t / MINUTE) * MINUTE + MINUTE; s < end; s += MINUTE) {
          const wall = wallClock(zone, s);
          if (matchesLocal(expression, wall)) {
            const firstOccurrence = (instantsOf(zone, wall)[0] ?? s) === s;
            expect(
              fixed && !firstOccurrence,
              `${expression} in ${zone} skipped ${new Date(s).toISOString()}`,
            ).toBe(true);
          }
          if (fixed && wall - previousLocal > MINUTE) {
            for (let m = previousLocal + MINUTE; m < wall; m += MINUTE) {
              expect(
                matchesLocal(expression, m),
                `${expression} in ${zone} lost the gap fire at ${new Date(s).toISOString()}`,
              ).toBe(false);
            }
          }
          previousLocal = wall;
        }
      }),
      { seed: 20_260_308, numRuns: 150 },
    );
  });

  it("agrees with croner (fixedTimeRule no-wildcard) on five consecutive runs for random expressions, zones and instants", () => {
    fc.assert(
      fc.property(cronExpression.filter(valid), zoneAndInstant, (expression, { zone, t }) => {
        const ours: string[] = [];
        const schedule = createSchedule({ type: "cron", expression, timezone: zone });
        for (let at: Date | null = new Date(t); ours.length < 5;) {
          at = schedule.nextAfter(at);
          if (at === null) break;
          ours.push(at.toISOString());
        }
        const oracle = new Cron(expression, { timezone: zone, fixedTimeRule: "no-wildcard" });
        const theirs = oracle.nextRuns(5, new Date(t)).map((d) => d.toISOString());
        expect(ours, `${expression} in ${zone} after ${new Date(t).toISOString()}`).toEqual(theirs);
      }),
      { seed: 424_242, numRuns: 600 },
    );
  });

  it("accepts every generated expression that cron-parser accepts, through the public parser", () => {
    fc.assert(
      fc.property(cronExpression.filter(valid), (expression) => {
        expect(parseSchedule({ type: "cron", expression })).toEqual({ type: "cron", expression });
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
