import type { z } from "zod";
import { didYouMean } from "./did-you-mean.js";

/** One validation problem: where, and a sentence saying what is wrong and what is accepted. */
export interface ConfigProblem {
  path: (string | number)[];
  problem: string;
}

/**
 * Turns a zod issue into problems with their TOML paths. An unknown key becomes one problem per key
 * (at the key's own path, so its line is found) with a "did you mean" hint from `known(path)`.
 */
export function issueProblems(
  issue: z.core.$ZodIssue,
  input: unknown,
  known: (path: (string | number)[]) => string[],
): ConfigProblem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const given = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const accepted = known(path);
        const hint = didYouMean(key, accepted);
        const list = accepted.length > 0 ? ` (accepted: ${accepted.join(", ")})` : "";
        return {
          path: [...path, key],
          problem: hint
            ? `unknown key "${key}"; did you mean "${hint}"?`
            : `unknown key "${key}"${list}`,
        };
      });
    case "invalid_type":
      return [
        {
          path,
          problem:
            given === undefined
              ? `is required (${expected(issue.expected)})`
              : `must be ${expected(issue.expected)}, got ${show(given)}`,
        },
      ];
    case "invalid_value":
      return [
        {
          path,
          problem: `must be one of ${issue.values.map((v) => show(v)).join(", ")}, got ${show(given)}`,
        },
      ];
    case "too_small":
      return [
        {
          path,
          problem: `${bound(issue.origin, issue.inclusive === false ? "greater than" : "at least", issue.minimum)}, got ${show(given)}`,
        },
      ];
    case "too_big":
      return [
        {
          path,
          problem: `${bound(issue.origin, issue.inclusive === false ? "less than" : "at most", issue.maximum)}, got ${show(given)}`,
        },
      ];
    case "invalid_format":
      return [
        {
          path,
          problem: `${issue.format === "url" ? "must be an http(s) URL" : issue.message}, got ${show(given)}`,
        },
      ];
    case "invalid_union":
      return [{ path, problem: `has the wrong type, got ${show(given)}` }];
    default:
      return [
        { path, problem: `${issue.message}${given === undefined ? "" : `, got ${show(given)}`}` },
      ];
  }
}

function expected(type: string): string {
  if (type === "int") return "a whole number";
  if (type === "object") return "a table";
  if (type === "array") return "an array";
  return `a ${type}`;
}

function bound(origin: string, relation: string, limit: unknown): string {
  const n = Number(limit);
  if (origin === "string") return `must be ${relation} ${n} character${n === 1 ? "" : "s"} long`;
  if (origin === "array") return `must have ${relation} ${n} item${n === 1 ? "" : "s"}`;
  return `must be ${relation} ${String(limit)}`;
}

/** A value as the operator wrote it: strings quoted, tables and arrays abbreviated. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "a table";
  return String(value);
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
