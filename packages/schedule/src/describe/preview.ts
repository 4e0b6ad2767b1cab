import { ActorError } from "@actor/core";
import { createSchedule } from "../schedule/create-schedule.js";
import { instantOf } from "../time/instant.js";
import type { ScheduleType } from "../types.js";

/** The most instants one call of {@link preview} lists. */
export const MAX_PREVIEW = 100_000;

/**
 * The next `n` fire instants of a schedule from `from` (inclusive for interval slots and `once`),
 * e.g. for `actor-server --check`. A past `once` gives none; `immediate` gives `from`.
 *
 * @throws ActorError `validation` when `from` is not a valid `Date` or `n` is not a whole number
 * from 0 to {@link MAX_PREVIEW}; `invalid-config` for an invalid definition.
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
  const fromMs = instantOf(from, "from", "preview");
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_PREVIEW)) {
    throw new ActorError(
      "validation",
      `preview: n must be a whole number from 0 to ${MAX_PREVIEW}, got ${String(n)}`,
    );
  }
  const schedule = createSchedule(
    def,
    options.anchor === undefined ? {} : { anchor: options.anchor },
  );
  const out: Date[] = [];
  let next = schedule.firstRun(from);
  if (next !== null && next.getTime() < fromMs) next = null;
  while (next !== null && out.length < n) {
    out.push(next);
    next = schedule.nextAfter(next);
  }
  return out;
}
