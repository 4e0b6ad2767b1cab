import { ActorError } from "@actor/core";
import { isValidTimeZone } from "./time-zone.js";
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
 * evaluation (no `Intl` call per reading). An unknown zone is an `invalid-config` error.
 *
 * @example
 * ```ts
 * wallClock(new Date("2026-07-01T07:30:00Z"), "Europe/Paris"); // { hour: 9, minute: 30, weekday: 3, ... }
 * ```
 */
export function wallClock(instant: Date, timeZone: string): WallClock {
  if (!isValidTimeZone(timeZone)) {
    throw new ActorError("invalid-config", `timezone "${timeZone}" is not an IANA time zone`);
  }
  const offset = zoneRules(timeZone).offsetAt(instant.getTime());
  const local = new Date(instant.getTime() + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
    offsetMinutes: offset / 60_000,
  };
}
