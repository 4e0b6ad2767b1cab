import type { z } from "zod";
import { SCHEDULE_OBJECTS } from "./schedule-schema.js";
import { KEY_ALIASES, SCHEDULE_TYPES } from "./spellings.js";

/** The keys of each schedule type, e.g. `cron` → `"type, expression, timezone, …"`. */
const ACCEPTED_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SCHEDULE_OBJECTS).map(([type, schema]) => [
    type,
    Object.keys(schema.shape).join(", "),
  ]),
);

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
      return `${path || "schedule"} ${show(given)} is not valid`;
    case "unrecognized_keys": {
      const type = String(valueAt(input, ["type"]) ?? "").toLowerCase();
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      const accepted = ACCEPTED_KEYS[type];
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${accepted ? ` for a ${type} schedule (accepted: ${accepted})` : ""}`;
    }
    case "invalid_type":
      if (issue.path.length === 0)
        return `a schedule must be a table/object with a "type" key, got ${show(given)}`;
      if (given === undefined) return `${path} is missing (expected ${issue.expected})`;
      return `${path} ${show(given)} is not a ${issue.expected === "date" ? "date-time" : issue.expected}`;
    case "invalid_value":
      return `${path} ${show(given)} is not accepted (accepted: ${issue.values.map((v) => show(v)).join(", ")})`;
    case "too_small":
      return `${path} ${show(given)} must be ${issue.inclusive === false ? "greater than" : "at least"} ${String(issue.minimum)}`;
    case "too_big":
      return `${path} ${show(given)} must be ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}`;
    case "not_multiple_of":
      return `${path} ${show(given)} must be a multiple of ${String(issue.divisor)}`;
    default:
      return `${path} ${show(given)}: ${issue.message}`;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    const record = value as Record<PropertyKey, unknown>;
    value = record[key];
    if (value === undefined && typeof key === "string") {
      // The user may have written an alternative spelling (`time_zone`, `max_catch_up`, …).
      for (const alias of ALIASES_OF.get(key) ?? []) {
        value = record[alias];
        if (value !== undefined) break;
      }
    }
  }
  return value;
}

function show(value: unknown): string {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "(missing)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
