import { createSchedule } from "../schedule/create-schedule.js";
import type { ScheduleType } from "../types.js";

/**
 * The next `n` fire instants of a schedule from `from` (inclusive for interval slots and `once`),
 * e.g. for `actor-server --check`. A past `once` gives none; `immediate` gives `from`.
 *
 * @example
 * ```ts
 * preview({ type: "cron", expression: "0 9 * * 1-5", timezone: "Europe/Rome" }, new Date(), 5);
 * ```
 */
export function preview(
  def: ScheduleType,
  from: Date,
  n: number,
  options: { anchor?: Date } = {},
): Date[] {
  const schedule = createSchedule(
    def,
    options.anchor === undefined ? {} : { anchor: options.anchor },
  );
  const out: Date[] = [];
  let next = schedule.firstRun(from);
  if (next !== null && next.getTime() < from.getTime()) next = null;
  while (next !== null && out.length < n) {
    out.push(next);
    next = schedule.nextAfter(next);
  }
  return out;
}
