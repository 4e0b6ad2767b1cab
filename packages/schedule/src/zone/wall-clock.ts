import { ActorError } from "@actor/core";
import { CYCLE_MS } from "../cron/cron-calendar.js";
import { MAX_TIME, instantOf } from "../time/instant.js";
import { quote } from "../schema/quote.js";
import { canonicalZoneName, isValidTimeZone } from "./time-zone.js";
import { zoneRules } from "./zone-rules.js";

/** The local wall-clock reading of an instant in a zone. */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local minus UTC, in minutes. */
  offsetMinutes: number;
}

/**
 * Reads `instant` on a wall clock in `timeZone`, using the same cached offset tables as next-run
 * evaluation (no `Intl` call per reading). An unknown zone is an `invalid-config` error; an
 * Invalid Date (or anything but a `Date`) is a `validation` error.
 *
 * @example
 * ```ts
 * wallClock(new Date("2026-07-01T07:30:00Z"), "Europe/Paris"); // { hour: 9, minute: 30, weekday: 3, ... }
 * ```
 */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instantOf(instant, "instant", "wallClock");
  if (!isValidTimeZone(timeZone)) {
    throw new ActorError(
      "invalid-config",
      `timezone ${typeof timeZone === "string" ? quote(timeZone) : String(timeZone)} is not an IANA time zone`,
    );
  }
  const offset = zoneRules(canonicalZoneName(timeZone)).offsetAt(ms);
  // A wall time past the end of the Date range (east of UTC in year 275760) is read 400 years
  // earlier, which changes the year only (the Gregorian calendar repeats every 400 years).
  const shifted = Math.abs(ms + offset) > MAX_TIME;
  const local = new Date(ms + offset - (shifted ? Math.sign(ms) * CYCLE_MS : 0));
  const yearShift = shifted ? Math.sign(ms) * 400 : 0;
  return {
    year: local.getUTCFullYear() + yearShift,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
    offsetMinutes: offset / 60_000,
  };
}
