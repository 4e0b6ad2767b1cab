import { z } from "zod";
import { quote } from "./quote.js";

/** `2026-03-08T09:00:00Z`, `2026-03-08 09:00+01:00`, with optional seconds and fraction. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const EXAMPLE = `write e.g. "2026-03-08T09:00:00Z" or "2026-03-08T09:00:00+01:00"`;

/**
 * The schema of an instant under the key `key` (`at`, `startAt`): a valid `Date` (TOML offset
 * date-times arrive as one) or an ISO 8601 string with `Z` or an offset. A string must name a
 * real calendar date and time: `2026-02-30` or `24:00` is an error naming the value, never a date
 * silently moved to the next month or day.
 */
export function instantSchema(key: string) {
  return z.union([z.date(), z.string()]).transform((value, ctx) => {
    if (value instanceof Date) return value;
    const problem = problemOf(value.trim());
    if (typeof problem === "string") {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `${key} ${quote(value)} ${problem}`,
      });
      return z.NEVER;
    }
    return problem;
  });
}

/** The instant `text` names, or what is wrong with it. */
function problemOf(text: string): Date | string {
  const m = ISO_INSTANT.exec(text);
  if (m === null) return `is not an ISO 8601 date-time with a UTC offset (${EXAMPLE})`;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (month === undefined || month < 1 || month > 12)
    return `has no month ${m[2]} (months are 01-12)`;
  const days = daysIn(year ?? 0, month);
  if (day === undefined || day < 1 || day > days) {
    return `is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  }
  if ((hour ?? 24) > 23 || (minute ?? 60) > 59 || second > 59) {
    return `is not a real time of day (hours 00-23, minutes and seconds 00-59)`;
  }
  if (offsetHours > 23 || offsetMinutes > 59) return `has an impossible UTC offset`;
  const date = new Date(text.replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return `is not a date-time JavaScript can hold`;
  return date;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
