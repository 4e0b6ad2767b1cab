import { DAY_MS } from "../time/instant.js";
import { nextLocalMatch, utcDate } from "./cron-calendar.js";
import type { CompiledCron } from "./cron-fields.js";

/** The first year of the reference cycle; any 400 consecutive years hold the same 400 calendars. */
const CYCLE_START = 2000;
const CYCLE_YEARS = 400;

/**
 * The largest number of years from one year holding a match of the expression's date fields to the
 * next such year (1 when every year has one), or null when no date ever matches.
 *
 * Which dates of a year match depends only on whether the year is a leap year and on the weekday
 * of January 1, so the 14 kinds of year are each searched once; the Gregorian calendar repeats
 * after 400 years, so the gaps measured over one cycle are all the gaps there are. A pattern with a
 * weekday and February 29 (`* 2 1#5`) leaves gaps of 28 years, and 40 across a century year that
 * is not a leap year (2072 → 2112).
 */
export function maxMatchGapYears(c: CompiledCron): number | null {
  const byKind: (boolean | undefined)[] = [];
  let matching14 = 0;
  let missing = 0;
  const matching: number[] = [];
  let start = utcDate(CYCLE_START, 0, 1);
  let weekday = new Date(start).getUTCDay();
  for (let year = CYCLE_START; year < CYCLE_START + CYCLE_YEARS; year++) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const length = (leap ? 366 : 365) * DAY_MS;
    const kind = (leap ? 7 : 0) + weekday;
    let matches = byKind[kind];
    if (matches === undefined) {
      matches = nextLocalMatch(c, start, start + length) !== null;
      byKind[kind] = matches;
      if (!matches) missing++;
      else if (++matching14 === 14) return 1; // every kind of year has a match
    }
    if (matches) matching.push(year);
    start += length;
    weekday = (weekday + (leap ? 2 : 1)) % 7;
  }
  if (missing === 14) return null;
  const first = matching[0];
  if (first === undefined) return null;
  let gap = first + CYCLE_YEARS - (matching.at(-1) ?? first);
  for (let i = 1; i < matching.length; i++)
    gap = Math.max(gap, (matching[i] ?? 0) - (matching[i - 1] ?? 0));
  return gap;
}
