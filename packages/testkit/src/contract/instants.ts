/** The base instant of the contract suites; every other instant is an offset from it. */
export const T0_MS = Date.parse("2026-03-01T12:00:00.000Z");

/** `T0 + offsetMs` as a new `Date`. */
export function at(offsetMs: number): Date {
  return new Date(T0_MS + offsetMs);
}

/** One minute in milliseconds. */
export const MINUTE = 60_000;

/** Whole or fractional minutes from T0 to `date` (negative before T0). */
export function minutesAfterT0(date: Date): number {
  return (date.getTime() - T0_MS) / MINUTE;
}
