import { quote } from "./quote.js";

/** Alternative key spellings accepted in configs, mapped to the canonical camelCase key. */
export const KEY_ALIASES: ReadonlyMap<string, string> = new Map([
  ["time_zone", "timezone"],
  ["timeZone", "timezone"],
  ["jitter_seconds", "jitterSeconds"],
  ["max_catch_up", "maxCatchUp"],
  ["start_at", "startAt"],
]);

/** The schedule types, lower-case (the original server's `Cron`/`Interval` are folded to these). */
export const SCHEDULE_TYPES = ["cron", "interval", "once", "immediate"] as const;

/** The misfire policies (`run_once` and `RUN-ONCE` are folded to `run-once`). */
export const MISFIRE_POLICIES = ["run-once", "skip", "run-all"] as const;

/** An issue found while normalising spellings (a key given twice under two spellings). */
export interface SpellingIssue {
  key: string;
  message: string;
}

/**
 * Rewrites one schedule table in the canonical spelling: snake_case and alternative keys become
 * camelCase, `type` is lower-cased (`"Cron"` → `"cron"`), `misfire` is lower-cased with `_` → `-`.
 * Anything that is not a plain object is returned unchanged for the schema to reject.
 */
export function normaliseSpelling(input: unknown, issues: SpellingIssue[]): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input) || input instanceof Date)
    return input;
  // No prototype: `__proto__` and `constructor` are plain keys here (then unknown-key errors).
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const spelledAs = new Map<string, string>();
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    const canonical = KEY_ALIASES.get(key) ?? key;
    const earlier = spelledAs.get(canonical);
    if (earlier !== undefined) {
      issues.push({
        key: canonical,
        message: `${quote(earlier)} and ${quote(key)} are the same setting; give only one of them`,
      });
      continue;
    }
    spelledAs.set(canonical, key);
    out[canonical] = value;
  }
  if (typeof out["type"] === "string") out["type"] = out["type"].trim().toLowerCase();
  if (typeof out["misfire"] === "string")
    out["misfire"] = out["misfire"].trim().toLowerCase().replace(/_/g, "-");
  return out;
}
