import fc from "fast-check";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, parseSchedule } from "../src/index.js";
import { compileCronCached } from "../src/cron/cron-cache.js";
import { maxMatchGapYears } from "../src/cron/match-gap.js";
import { cronExpression } from "./support/arbitraries.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const next = (expression: string, after: string, timezone?: string) =>
  iso(
    createSchedule({
      type: "cron",
      expression,
      ...(timezone !== undefined && { timezone }),
    }).nextAfter(new Date(after)),
  );
const gap = (expression: string) => {
  const compiled = compileCronCached(expression);
  if (!compiled.ok) throw new Error(compiled.reason);
  return maxMatchGapYears(compiled.cron);
};

suite("the search window follows from the expression", () => {
  it("finds a fifth Monday of February 27 years ahead (2017 → 2044)", () => {
    expect(next("0 0 * 2 1#5", "2017-01-01T00:00:00Z")).toBe("2044-02-29T00:00:00.000Z");
    expect(next("0 0 * 2 1#5", "2017-01-01T00:00:00Z", "America/New_York")).toBe(
      "2044-02-29T05:00:00.000Z",
    );
  });

  it("crosses 2100, which is not a leap year: 40 years from one Monday February 29 to the next", () => {
    expect(next("0 0 * 2 1#5", "2072-03-01T00:00:00Z")).toBe("2112-02-29T00:00:00.000Z");
    expect(next("0 0 29 2 *", "2096-03-01T00:00:00Z", "Europe/Rome")).toBe(
      "2104-02-28T23:00:00.000Z",
    );
  });

  it("measures the longest stretch without a matching date over the 400-year cycle", () => {
    expect(gap("0 0 * * *")).toBe(1);
    expect(gap("0 0 1 1 *")).toBe(1);
    expect(gap("0 0 29 2 *")).toBe(8);
    expect(gap("0 0 * 2 1#5")).toBe(40);
    expect(gap("0 0 13 * 5")).toBe(1); // day 13 or Friday (both restricted: either)
    expect(gap("0 0 * 2 0L")).toBe(1);
  });

  it("rejects an expression cron-parser accepts but whose dates never occur, saying so", () => {
    // Day-of-month */5 (1, 6, …, 26, with a `*`: AND) and the fifth Monday of February (the 29th).
    expect(() => parseSchedule({ type: "cron", expression: "0 0 */5 2 1#5" })).toThrow(
      /never matches a date: no day of the 400-year Gregorian calendar has day-of-month "\*\/5", month "2" and day-of-week "1#5" together, so it would never run/,
    );
  });

  it("validation agrees with the search: every accepted expression has a next run from any instant of 1900-2400", () => {
    const accepted = cronExpression.filter((e) => compileCronCached(e).ok);
    fc.assert(
      fc.property(
        accepted,
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2400, 0, 1) }),
        (expression, t) => {
          const found = createSchedule({ type: "cron", expression }).nextAfter(new Date(t));
          expect(found, `${expression} after ${new Date(t).toISOString()}`).not.toBeNull();
          expect((found as Date).getTime()).toBeGreaterThan(t);
        },
      ),
      { seed: 2044, numRuns: 300 },
    );
  });
});
