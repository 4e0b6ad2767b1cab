import type { z } from "zod";
import { SCHEDULE_OBJECTS } from "./schedule-schema.js";
import { didYouMean } from "./did-you-mean.js";
import { quote } from "./quote.js";
import { KEY_ALIASES, SCHEDULE_TYPES } from "./spellings.js";

/** The keys of each schedule type, e.g. `cron` → `["type", "expression", "timezone", …]`. */
const ACCEPTED_KEYS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(SCHEDULE_OBJECTS).map(([type, schema]) => [type, Object.keys(schema.shape)]),
);

/** Every key some schedule type accepts, in every spelling, for did-you-mean suggestions. */
const ANY_KEY: readonly string[] = [
  ...new Set([...[...ACCEPTED_KEYS.values()].flat(), ...KEY_ALIASES.keys()]),
];

/** The alternative spellings of each canonical key (`timezone` → `time_zone`, `timeZone`). */
const ALIASES_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const aliases = new Map<string, string[]>();
  for (const [alias, canonical] of KEY_ALIASES) {
    const list = aliases.get(canonical);
    if (list === undefined) aliases.set(canonical, [alias]);
    else list.push(alias);
  }
  return aliases;
})();

/**
 * One sentence per zod issue that names the key, shows the value that was given and says what
 * is accepted, e.g. `seconds -5 must be greater than 0`.
 */
export function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join(".");
  const given = valueAt(input, issue.path);
  switch (issue.code) {
    case "custom":
      return issue.message;
    case "invalid_union":
      if (path === "type") {
        const accepted = `accepted: ${SCHEDULE_TYPES.map((t) => `"${t}"`).join(", ")}`;
        return given === undefined
          ? `type is missing (${accepted})`
          : `type ${show(given)} is not a schedule type (${accepted})`;
      }
      if (path === "at" || path === "startAt") {
        return given instanceof Date
          ? `${path} is an Invalid Date (expected a valid date-time)`
          : `${path} ${show(given)} is not a date-time (expected a Date or an ISO 8601 string such as "2026-03-08T09:00:00Z")`;
      }
      return `${path || "schedule"} ${show(given)} is not valid`;
    case "unrecognized_keys": {
      const type = String(valueAt(input, ["type"]) ?? "").toLowerCase();
      const accepted = ACCEPTED_KEYS.get(type);
      const keys = issue.keys.slice(0, 5).map((k) => {
        const near = didYouMean(k, ANY_KEY);
        return near === undefined ? quote(k) : `${quote(k)} (did you mean ${quote(near)}?)`;
      });
      if (issue.keys.length > 5) keys.push(`and ${issue.keys.length - 5} more`);
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys.join(", ")}${accepted ? ` for a ${type} schedule (accepted: ${accepted.join(", ")})` : ""}`;
    }
    case "invalid_type":
      if (issue.path.length === 0)
        return `a schedule must be a table/object with a "type" key, got ${show(given)}`;
      if (given === undefined) return `${path} is missing (expected ${issue.expected})`;
      if (typeof given === "number" && issue.expected === "number")
        return `${path} ${show(given)} is not a finite number`;
      if (given instanceof Date && issue.expected === "date")
        return `${path} is an Invalid Date (expected a valid date-time)`;
      return `${path} ${show(given)} is not ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    case "invalid_value":
      return `${path} ${show(given)} is not accepted (accepted: ${issue.values.map((v) => show(v)).join(", ")})`;
    case "too_small": {
      const unit = path === "seconds" && Number(issue.minimum) < 1 ? " (one millisecond)" : "";
      return `${path} ${show(given)} must be ${issue.inclusive === false ? "greater than" : "at least"} ${String(issue.minimum)}${unit}`;
    }
    case "too_big":
      return `${path} ${show(given)} must be ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}`;
    case "not_multiple_of":
      return `${path} ${show(given)} must be a multiple of ${String(issue.divisor)}`;
    default:
      return `${path} ${show(given)}: ${issue.message}`;
  }
}

/** How an expected type reads in a message. */
const EXPECTED: Readonly<Record<string, string>> = {
  date: "a date-time",
  int: "a whole number",
  number: "a number",
  string: "a string",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    const record = value as Record<PropertyKey, unknown>;
    // Own keys only: `constructor` or `__proto__` must not read Object.prototype.
    value = Object.hasOwn(record, key) ? record[key] : undefined;
    if (value === undefined && typeof key === "string") {
      // The user may have written an alternative spelling (`time_zone`, `max_catch_up`, …).
      for (const alias of ALIASES_OF.get(key) ?? []) {
        value = Object.hasOwn(record, alias) ? record[alias] : undefined;
        if (value !== undefined) break;
      }
    }
  }
  return value;
}

/** A value as a message shows it: numbers as JavaScript prints them (`NaN`, `Infinity`, `-0`). */
function show(value: unknown): string {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "(missing)";
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return "an object that cannot be shown";
  }
}
