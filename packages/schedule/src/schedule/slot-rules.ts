import { compileCronCached } from "../cron/cron-cache.js";
import { nextCronRun } from "../cron/next-cron-run.js";
import type { CronSchedule, IntervalSchedule, OnceSchedule } from "../types.js";
import { zoneRules } from "../zone/zone-rules.js";

/** The slot arithmetic of one schedule type, over epoch milliseconds. */
export interface SlotRule {
  /** First slot strictly after `after`, or null. */
  next(after: number): number | null;
  /** First slot of a task first seen at `now` (see `Schedule.firstRun`). */
  first(now: number): number | null;
  /** The slot that is due for a task that has never run, seen at `now`, or null (cron waits for its next slot). */
  dueAtFirstSight(now: number): number | null;
}

/** Cron: the project's own DST-aware evaluation over the cached compiled expression. */
export function cronRule(def: CronSchedule): SlotRule {
  const compiled = compileCronCached(def.expression);
  if (!compiled.ok) throw new Error(`cron expression "${def.expression}": ${compiled.reason}`);
  const cron = compiled.cron;
  const zone = zoneRules(def.timezone ?? "UTC");
  const next = (after: number) => nextCronRun(cron, zone, after);
  return { next, first: next, dueAtFirstSight: () => null };
}

/** Below this, differences of instants and their multiples are exact in a double. */
const EXACT = 2 ** 52;

/** Interval: slots are anchor + k·period in integer milliseconds, so they never drift. */
export function intervalRule(def: IntervalSchedule, fallbackAnchor: Date | undefined): SlotRule {
  const period = Math.max(1, Math.round(def.seconds * 1000));
  const anchor = (def.startAt ?? fallbackAnchor ?? new Date(0)).getTime();
  const next = (after: number) => {
    if (after < anchor) return anchor;
    // Exact while the distance fits in a double's integers; from one end of the Date range to the
    // other (up to 1.7e16 ms) it does not, and BigInt keeps the slot on the grid and after `after`.
    if (after - anchor < EXACT)
      return anchor + (Math.floor((after - anchor) / period) + 1) * period;
    const steps = (BigInt(after) - BigInt(anchor)) / BigInt(period) + 1n;
    return Number(BigInt(anchor) + steps * BigInt(period));
  };
  return {
    next,
    first: (now) => (anchor >= now ? anchor : next(now - 1)),
    dueAtFirstSight: () => anchor,
  };
}

/** Once: a single slot at `at`. */
export function onceRule(def: OnceSchedule): SlotRule {
  const at = def.at.getTime();
  return { next: (after) => (at > after ? at : null), first: () => at, dueAtFirstSight: () => at };
}

/** Immediate: due once when first seen; no later slots. */
export const immediateRule: SlotRule = {
  next: () => null,
  first: (now) => now,
  dueAtFirstSight: (now) => now,
};
