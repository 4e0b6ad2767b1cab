import { ActorError } from "@actor/core";

/** The last instant a `Date` can hold (ms since the epoch): 275760-09-13T00:00:00Z. */
export const MAX_TIME = 8.64e15;

/** The first instant a `Date` can hold: -271821-04-20T00:00:00Z. */
export const MIN_TIME = -8.64e15;

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * The epoch milliseconds of `value`, which must be a valid `Date`; anything else (an Invalid Date,
 * a number, a string, `null`) is an `ActorError` `validation` naming the argument and the function.
 */
export function instantOf(value: unknown, name: string, where: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (ms === ms) return ms; // not NaN
  }
  return invalidInstant(value, name, where);
}

function invalidInstant(value: unknown, name: string, where: string): never {
  const given =
    value instanceof Date ? "an Invalid Date" : value === null ? "null" : `a ${typeof value}`;
  throw new ActorError("validation", `${where}: ${name} must be a valid Date, got ${given}`, {
    context: { argument: name },
  });
}

/** A `Date` for `ms`, or null for null or an instant outside the range a `Date` can hold. */
export function dateOrNull(ms: number | null): Date | null {
  return ms === null || !(ms >= MIN_TIME && ms <= MAX_TIME) ? null : new Date(ms);
}
