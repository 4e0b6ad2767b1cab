import { DAY_MS as DAY, MAX_TIME, MIN_TIME } from "../time/instant.js";
import type { CompiledCron } from "./cron-fields.js";

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * One Gregorian cycle: 400 years, 146,097 days, a whole number of weeks. Shifting a wall time by
 * it changes the year by 400 and nothing else (month, day, weekday, leap years all repeat).
 */
export const CYCLE_MS = 146_097 * DAY;

/**
 * The earliest wall-clock time >= `from` that matches the expression, or null when there is none
 * before `limit`. Wall-clock times are written as milliseconds "as if UTC" (a naive local
 * calendar with no time zone), so this is pure arithmetic: the time-zone rule is applied by the
 * caller. Any finite time works, before 1970 included; wall times just outside the range of a
 * `Date` (the last hours of year 275760 in a zone east of UTC) are read one cycle earlier.
 * Skips whole months, days, hours and minutes that cannot match.
 */
export function nextLocalMatch(c: CompiledCron, from: number, limit: number): number | null {
  let t = Math.ceil(from / 1000) * 1000;
  while (t < limit) {
    const shift = t > MAX_TIME ? CYCLE_MS : t < MIN_TIME ? -CYCLE_MS : 0;
    const date = new Date(t - shift);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const dayStart = t - (((t % DAY) + DAY) % DAY);
    if (c.months[month] !== 1) {
      t = nextMonthStart(c, year, month) + shift;
      continue;
    }
    if (!dayMatches(c, year, month, day, dayStart)) {
      t = dayStart + DAY;
      continue;
    }
    const second = nextSecondOfDay(c, (t - dayStart) / 1000);
    if (second < 0) {
      t = dayStart + DAY;
      continue;
    }
    const found = dayStart + second * 1000;
    return found < limit ? found : null;
  }
  return null;
}

/** True when the day (`month` 0-based) satisfies day-of-month, day-of-week and the Vixie OR/AND rule. */
function dayMatches(
  c: CompiledCron,
  year: number,
  month: number,
  day: number,
  dayStart: number,
): boolean {
  const monthDays = daysInMonth(year, month);
  const weekday = ((Math.floor(dayStart / DAY) % 7) + 11) % 7;
  const domOk = c.days[day] === 1 || (c.lastDayOfMonth && day === monthDays);
  const dowOk =
    (c.weekdays[weekday] === 1 && (c.nthWeekday === 0 || Math.ceil(day / 7) === c.nthWeekday)) ||
    (c.lastWeekdays[weekday] === 1 && day + 7 > monthDays);
  return c.dayOr ? domOk || dowOk : domOk && dowOk;
}

/** The first allowed second of the day >= `second` (0..86399), or -1. */
function nextSecondOfDay(c: CompiledCron, second: number): number {
  const h0 = Math.floor(second / 3600);
  const m0 = Math.floor(second / 60) % 60;
  const s0 = second % 60;
  const firstMinute = c.nextMinute[0] ?? -1;
  const firstSecond = c.nextSecond[0] ?? -1;
  const h = c.nextHour[h0] ?? -1;
  if (h < 0) return -1;
  if (h > h0) return h * 3600 + firstMinute * 60 + firstSecond;
  const m = c.nextMinute[m0] ?? -1;
  if (m > m0) return h * 3600 + m * 60 + firstSecond;
  if (m === m0) {
    const s = c.nextSecond[s0] ?? -1;
    if (s >= 0) return h * 3600 + m * 60 + s;
    const m2 = c.nextMinute[m0 + 1] ?? -1;
    if (m2 >= 0) return h * 3600 + m2 * 60 + firstSecond;
  }
  const h2 = c.nextHour[h0 + 1] ?? -1;
  return h2 < 0 ? -1 : h2 * 3600 + firstMinute * 60 + firstSecond;
}

/** The first instant of the next allowed month (NaN past the end of the `Date` range, which ends the search). */
function nextMonthStart(c: CompiledCron, year: number, month: number): number {
  for (let m = month + 1; m < 12; m++) if (c.months[m] === 1) return utcDate(year, m, 1);
  for (let m = 0; m < 12; m++) if (c.months[m] === 1) return utcDate(year + 1, m, 1);
  return Number.POSITIVE_INFINITY;
}

/** `Date.UTC` without its mapping of years 0–99 to 1900–1999. */
export function utcDate(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month, day);
}

/** Days in `month` (0-based) of `year` in the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 1 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month] ?? 31;
}
