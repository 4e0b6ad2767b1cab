import { ActorError } from "@actor/core";

/** An interval as text (`"90s"`, `"10m"`, `"1h30m"`, `"1d"`) or as an object of whole units. */
export type IntervalInput =
  | `${number}${"s" | "m" | "h" | "d"}${string}`
  | { seconds?: number; minutes?: number; hours?: number; days?: number };

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const ACCEPTED = `"90s", "10m", "1h30m", "1d" or { minutes: 10 }`;

/**
 * The length of an interval in seconds. Anything else than a positive, finite length is an
 * `ActorError("invalid-config")` saying what is accepted.
 *
 * @example
 * ```ts
 * intervalSeconds("1h30m"); // 5400
 * intervalSeconds({ minutes: 10 }); // 600
 * ```
 */
export function intervalSeconds(input: IntervalInput): number {
  let seconds = Number.NaN;
  if (typeof input === "string") {
    const text = input.trim().toLowerCase();
    if (/^(\d+(\.\d+)?[smhd])+$/.test(text)) {
      seconds = 0;
      for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
        seconds += Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
      }
    }
  } else if (input !== null && typeof input === "object") {
    const parts = [
      [input.seconds, 1],
      [input.minutes, 60],
      [input.hours, 3600],
      [input.days, 86_400],
    ] as const;
    const given = parts.filter(([v]) => v !== undefined);
    if (given.length > 0 && given.every(([v]) => typeof v === "number" && Number.isFinite(v))) {
      seconds = given.reduce((sum, [v, unit]) => sum + (v as number) * unit, 0);
    }
  }
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ActorError(
      "invalid-config",
      `every(): interval ${JSON.stringify(input) ?? String(input)} is not a positive length; use ${ACCEPTED}`,
      { context: { key: "interval" } },
    );
  }
  return seconds;
}
