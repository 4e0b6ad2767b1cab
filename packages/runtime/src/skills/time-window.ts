import type { Skill } from "@actor/core";
import { optionError } from "./option-reader.js";
import {
  WEEKDAYS,
  isValidTimeZone,
  localTimeIn,
  parseClockTime,
  type Weekday,
} from "./zoned-time.js";

/** Options of {@link timeWindowSkill}. */
export interface TimeWindowOptions {
  /** Start of the window, `HH:MM`, inclusive. */
  start: string;
  /** End of the window, `HH:MM`, exclusive. Earlier than `start` means the window crosses midnight. */
  end: string;
  /** IANA time zone of `start` and `end`. Default "UTC". */
  timezone?: string;
  /** Days on which the window opens (a window crossing midnight belongs to the day it opens). Default: every day. */
  days?: readonly Weekday[];
  /** Which instant is checked: the slot's scheduled time (default) or the clock's now. */
  at?: "scheduled" | "now";
  /** The skill's name in the pipeline. Default "time-window". */
  name?: string;
}

/** What {@link timeWindowSkill} outputs when the run is inside the window. */
export interface TimeWindowOutput {
  timezone: string;
  /** The local `HH:MM` that was checked. */
  localTime: string;
  weekday: Weekday;
}

const CLOCK_TIME = "a time as HH:MM from 00:00 to 23:59 (24:00 allowed as end)";

/**
 * Lets the pipeline go on only between `start` (inclusive) and `end` (exclusive) local time in a
 * zone, optionally on some weekdays; outside, it skips and halts. `22:00`–`02:00` crosses midnight.
 * Times and zone are checked when the skill is created.
 *
 * @example
 * ```ts
 * timeWindowSkill({ start: "22:00", end: "02:00", timezone: "America/New_York", days: ["fri", "sat"] });
 * ```
 */
export function timeWindowSkill(options: TimeWindowOptions): Skill<TimeWindowOutput> {
  const name = options.name ?? "time-window";
  const start = parseClockTime(options.start);
  if (start === null || start === 24 * 60)
    throw optionError(name, "start", options.start, CLOCK_TIME);
  const end = parseClockTime(options.end);
  if (end === null) throw optionError(name, "end", options.end, CLOCK_TIME);
  // "00:00"–"24:00" is the whole day (useful with `days`); an empty window is refused.
  if (end === start) {
    throw optionError(
      name,
      "end",
      options.end,
      `different from start "${options.start}" (for the whole day: "00:00" to "24:00")`,
    );
  }
  const timezone = options.timezone ?? "UTC";
  if (!isValidTimeZone(timezone)) {
    throw optionError(
      name,
      "timezone",
      timezone,
      'an IANA time zone name such as "Europe/Paris" or "UTC"',
    );
  }
  const days = options.days === undefined ? null : new Set(options.days);
  for (const day of days ?? []) {
    if (!WEEKDAYS.includes(day))
      throw optionError(name, "days", options.days, `a list of ${WEEKDAYS.join(", ")}`);
  }
  const at = options.at ?? "scheduled";
  if (at !== "scheduled" && at !== "now") throw optionError(name, "at", at, '"scheduled" or "now"');
  const crossesMidnight = end < start;
  const label = `${options.start}–${options.end} ${timezone}`;

  return {
    name,
    async run(ctx) {
      const instant = at === "now" ? ctx.clock.now() : ctx.scheduledFor;
      const local = localTimeIn(instant, timezone);
      const m = local.minuteOfDay;
      const inside = crossesMidnight ? m >= start || m < end : m >= start && m < end;
      // After midnight, a crossing window belongs to the day it opened.
      const openedOn = crossesMidnight && m < end ? previousDay(local.weekday) : local.weekday;
      if (!inside) {
        return {
          status: "skipped",
          reason: `outside time window ${label} (local time ${local.time})`,
          halt: true,
        };
      }
      if (days && !days.has(openedOn)) {
        return {
          status: "skipped",
          reason: `time window ${label} is closed on ${openedOn}`,
          halt: true,
        };
      }
      return {
        status: "succeeded",
        output: { timezone, localTime: local.time, weekday: local.weekday },
      };
    },
  };
}

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] ?? day;
}

/**
 * Former name of {@link timeWindowSkill}.
 *
 * @deprecated Use {@link timeWindowSkill}; built-in skill factories are named after the skill id in camelCase
 * followed by `Skill`. This alias will be removed in a future major release.
 */
export const timeWindow = timeWindowSkill;
