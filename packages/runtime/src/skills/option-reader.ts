import { ActorError } from "@actor/core";
import { isRecord } from "./pipeline-data.js";

/**
 * An `invalid-config` error about one option of a skill, naming the skill, the option, the value
 * and what would be accepted.
 *
 * @example
 * ```ts
 * throw optionError("time-window", "start", "25:00", "a time as HH:MM (00:00 to 23:59)");
 * ```
 */
export function optionError(
  skill: string,
  key: string,
  value: unknown,
  accepted: string,
): ActorError {
  return new ActorError(
    "invalid-config",
    `skill "${skill}": option "${key}" must be ${accepted}, got ${describe(value)}`,
    { context: { skill, key } },
  );
}

/** Checks an option is an integer or finite number within bounds; returns it. */
export function checkNumber(
  skill: string,
  key: string,
  value: unknown,
  bounds: { min?: number; integer?: boolean; allowInfinity?: boolean } = {},
): number {
  const { min = Number.NEGATIVE_INFINITY, integer = false, allowInfinity = false } = bounds;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) ? !integer || Number.isInteger(value) : allowInfinity && value > 0) &&
    value >= min;
  if (!ok) {
    const kind = integer ? "an integer" : "a number";
    const range = Number.isFinite(min) ? ` >= ${min}` : "";
    throw optionError(skill, key, value, `${kind}${range}${allowInfinity ? " (or Infinity)" : ""}`);
  }
  return value;
}

/**
 * Reads untyped options (from a config file) for one skill: each getter checks one key, keys may be
 * written in camelCase or snake_case, and {@link OptionReader.done} rejects keys nobody read.
 *
 * @example
 * ```ts
 * const r = new OptionReader("rate-limit", { max_posts_per_day: 3 });
 * const max = r.number("maxPostsPerDay", { min: 1, integer: true }); // 3
 * r.done();
 * ```
 */
export class OptionReader {
  readonly #skill: string;
  readonly #values = new Map<string, { key: string; value: unknown }>();
  readonly #read = new Set<string>();

  constructor(skill: string, raw: unknown) {
    this.#skill = skill;
    if (raw === undefined || raw === null) return;
    if (!isRecord(raw)) throw optionError(skill, "(options)", raw, "a table of options");
    for (const [key, value] of Object.entries(raw)) {
      this.#values.set(
        key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        { key, value },
      );
    }
  }

  /** The raw value of `key`, or `undefined`. */
  raw(key: string): unknown {
    this.#read.add(key);
    return this.#values.get(key)?.value;
  }

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const value = this.raw(key);
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string" || value === "")
      throw optionError(this.#skill, key, value, "a non-empty string");
    return value;
  }

  number(
    key: string,
    bounds: { min?: number; integer?: boolean; allowInfinity?: boolean } = {},
  ): number | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : checkNumber(this.#skill, key, value, bounds);
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === "boolean") return value;
    throw optionError(this.#skill, key, value, "true or false");
  }

  oneOf<T extends string>(key: string, accepted: readonly T[]): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value === "string" && (accepted as readonly string[]).includes(value))
      return value as T;
    throw optionError(
      this.#skill,
      key,
      value,
      `one of ${accepted.map((a) => `"${a}"`).join(", ")}`,
    );
  }

  /** Throws for any key that no getter asked for (a typo, or an option of another skill). */
  done(): void {
    const unknown = [...this.#values].filter(([key]) => !this.#read.has(key)).map(([, v]) => v.key);
    if (unknown.length === 0) return;
    const known = [...this.#read].map((k) => `"${k}"`).join(", ");
    throw new ActorError(
      "invalid-config",
      `skill "${this.#skill}": unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; accepted: ${known}`,
      { context: { skill: this.#skill, key: unknown.join(", ") } },
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
