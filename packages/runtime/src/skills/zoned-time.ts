import { wallClock } from "@actor/schedule";

export { isValidTimeZone } from "@actor/schedule";

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

/**
 * The wall-clock reading of `instant` in `timeZone` (through `@actor/schedule`'s cached zone tables).
 *
 * @example
 * ```ts
 * localTimeIn(new Date("2026-07-01T07:30:00Z"), "Europe/Paris").time; // "09:30"
 * ```
 */
export function localTimeIn(instant: Date, timeZone: string): LocalTime {
  const w = wallClock(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    minuteOfDay: w.hour * 60 + w.minute + w.second / 60,
    weekday: WEEKDAYS[w.weekday]!,
    date: `${w.year}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
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
