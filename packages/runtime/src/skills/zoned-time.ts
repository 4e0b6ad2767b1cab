/** A day of the week, as used by `time-window`. */
export type Weekday = "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";

/** The days of the week, Sunday first (index = `Date#getUTCDay()` numbering). */
export const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A local wall-clock reading. */
export interface LocalTime {
  /** Minutes since local midnight, with seconds as a fraction (09:30:30 = 570.5). */
  minuteOfDay: number;
  weekday: Weekday;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone name (or `UTC`) this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock reading of `instant` in `timeZone`.
 *
 * @example
 * ```ts
 * localTimeIn(new Date("2026-07-01T07:30:00Z"), "Europe/Paris").time; // "09:30"
 * ```
 */
export function localTimeIn(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const hour = Number(parts["hour"]) % 24;
  const minute = Number(parts["minute"]);
  const second = Number(parts["second"]);
  const weekday = (parts["weekday"] ?? "").toLowerCase().slice(0, 3) as Weekday;
  return {
    minuteOfDay: hour * 60 + minute + second / 60,
    weekday,
    date: `${parts["year"]}-${parts["month"]}-${parts["day"]}`,
    time: `${String(hour).padStart(2, "0")}:${parts["minute"]}`,
  };
}

/** Parses `HH:MM` (00:00–23:59, or 24:00 as an end of day) into minutes since midnight, or null. */
export function parseClockTime(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}
