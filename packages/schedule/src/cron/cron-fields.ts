/** Names of the six cron fields in order, as used in messages. */
export const FIELD_NAMES = [
  "second",
  "minute",
  "hour",
  "day-of-month",
  "month",
  "day-of-week",
] as const;

/** What each field accepts, for messages. */
export const FIELD_RANGES = [
  "0-59",
  "0-59",
  "0-23",
  "1-31",
  "1-12 or JAN-DEC",
  "0-7 or SUN-SAT",
] as const;

/** The nicknames cron-parser understands, spelled out as six fields. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 0 1 1 *",
  "@annually": "0 0 0 1 1 *",
  "@monthly": "0 0 0 1 * *",
  "@weekly": "0 0 0 * * 0",
  "@daily": "0 0 0 * * *",
  "@midnight": "0 0 0 * * *",
  "@hourly": "0 0 * * * *",
  "@minutely": "0 * * * * *",
  "@secondly": "* * * * * *",
  "@weekdays": "0 0 0 * * 1-5",
  "@weekends": "0 0 0 * * 0,6",
};

/**
 * A cron expression compiled for evaluation: one lookup table per field, the day rules, and whether
 * it is a fixed-time or a wildcard expression for the DST rule.
 */
export interface CompiledCron {
  /** The six raw fields after nickname expansion (seconds first; "0" when 5 fields were given). */
  readonly raw: readonly string[];
  /**
   * How far (ms) a next-run search goes before concluding there is none: the longest stretch of
   * years without a matching date (see `maxMatchGapYears`) plus one, at least twelve years.
   */
  readonly searchLimitMs: number;
  /** `nextSecond[s]` = the smallest allowed second >= s, or -1. Index 60 is always -1. */
  readonly nextSecond: Int8Array;
  readonly nextMinute: Int8Array;
  readonly nextHour: Int8Array;
  /** Allowed months, 0-based (index 0 = January). */
  readonly months: Uint8Array;
  /** Allowed days of the month, index 1..31. */
  readonly days: Uint8Array;
  /** `L` in day-of-month: the last day of the month matches. */
  readonly lastDayOfMonth: boolean;
  /** Allowed weekdays, 0 = Sunday. */
  readonly weekdays: Uint8Array;
  /** `5L`: the last such weekday of the month matches (index = weekday). */
  readonly lastWeekdays: Uint8Array;
  /** `1#2`: only the n-th such weekday of the month matches (0 = any). */
  readonly nthWeekday: number;
  /** Vixie rule: when both day fields are restricted (neither starts with `*` or `?`), a day matches either. */
  readonly dayOr: boolean;
  /**
   * A fixed-time expression (minute and hour fields do not start with `*`): a time skipped by a
   * spring-forward fires once after the gap and a repeated time fires once. Otherwise wildcard.
   */
  readonly fixedTime: boolean;
}

/** Builds `next[v]` = smallest allowed value >= v (or -1) over 0..size-1, plus a -1 sentinel at `size`. */
export function nextTable(values: readonly number[], size: number): Int8Array {
  const allowed = new Uint8Array(size);
  for (const v of values) if (v >= 0 && v < size) allowed[v] = 1;
  const next = new Int8Array(size + 1).fill(-1);
  for (let v = size - 1; v >= 0; v--) next[v] = allowed[v] === 1 ? v : (next[v + 1] ?? -1);
  return next;
}

/** True when a raw field leaves its unit unrestricted in Vixie's sense (starts with `*` or `?`). */
export function isStarField(raw: string): boolean {
  return raw.startsWith("*") || raw.startsWith("?");
}
