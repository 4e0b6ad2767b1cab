import fc from "fast-check";
import { describe as suite, expect, it } from "vitest";
import { createSchedule, preview, wallClock } from "../src/index.js";
import { compileCronCached } from "../src/cron/cron-cache.js";
import { cronExpression } from "./support/arbitraries.js";

const ZONES = ["UTC", "Etc/GMT-14", "America/New_York", "Pacific/Apia", "america/sao_paulo"];
const MAX = 8.64e15;

/** Instants anywhere in the Date range, with its ends and the years around 1900 weighted up. */
const instant = fc
  .oneof(
    fc.integer({ min: -MAX, max: MAX }),
    fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.constantFrom(MAX, -MAX, 0, -1, MAX - 1000, -MAX + 1000),
  )
  .map((ms) => new Date(ms));

const definition = fc.oneof(
  fc
    .tuple(
      cronExpression.filter((e) => compileCronCached(e).ok),
      fc.constantFrom(...ZONES),
    )
    .map(([expression, timezone]) => ({ type: "cron" as const, expression, timezone })),
  fc
    .tuple(fc.double({ min: 0.001, max: 3e9, noNaN: true }), instant)
    .map(([seconds, startAt]) => ({ type: "interval" as const, seconds, startAt })),
  instant.map((at) => ({ type: "once" as const, at })),
);

suite("any instant a Date can hold (fast-check, fixed seed)", () => {
  it("every method answers with valid Dates (or null), later than asked, and never throws", () => {
    fc.assert(
      fc.property(definition, instant, instant, (def, a, b) => {
        const s = createSchedule({ ...def, misfire: "run-all", maxCatchUp: 5, jitterSeconds: 3 });
        const next = s.nextAfter(a);
        if (next !== null) {
          expect(next.getTime()).toBeGreaterThan(a.getTime());
          expect(next.getTime()).toBeLessThanOrEqual(MAX);
        }
        const [from, now] = a <= b ? [a, b] : [b, a];
        const slots = s.dueSlots(from, now);
        expect(slots.length).toBeLessThanOrEqual(5);
        for (let i = 0; i < slots.length; i++) {
          const t = (slots[i] as Date).getTime();
          expect(t >= from.getTime() && t <= now.getTime()).toBe(true);
          if (i > 0) expect(t).toBeGreaterThan((slots[i - 1] as Date).getTime());
        }
        const check = s.check(a, b);
        expect(check.nextRun === null || !Number.isNaN(check.nextRun.getTime())).toBe(true);
        expect(Number.isNaN(s.jittered(a, () => 0.999).getTime())).toBe(false);
        for (const d of preview(s.definition, a, 3)) expect(Number.isNaN(d.getTime())).toBe(false);
        const zone = "timezone" in def ? def.timezone : "UTC";
        expect(Number.isInteger(wallClock(a, zone).year)).toBe(true);
      }),
      { seed: 275_760, numRuns: 60 },
    );
  });
});
