import { GenerationalCache } from "../generational-cache.js";
import type { ScheduleType } from "../types.js";

/** Entries kept per generation of the memo. */
const MEMO_SIZE = 4096;

const memo = new GenerationalCache<string, ScheduleType>(MEMO_SIZE);

/**
 * A signature of a definition made only of strings, numbers and booleans (the common case: a
 * table read from TOML or JSON), or undefined when it holds anything else (a `Date`, an object).
 * Two inputs with the same signature parse to the same canonical definition, and two different
 * inputs never share one: every key and string is written behind its length (`4:type`,
 * `s4:cron`) and numbers and booleans behind a type letter (`n-0`, `nNaN`, `btrue`, ended by
 * `;`), so no value can imitate a separator or another key.
 */
export function signatureOf(input: unknown): string | undefined {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return undefined;
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  let signature = "";
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    signature += `${key.length}:${key}`;
    if (typeof value === "string") signature += `s${value.length}:${value}`;
    else if (typeof value === "number") signature += Object.is(value, -0) ? "n-0;" : `n${value};`;
    else if (typeof value === "boolean") signature += `b${value};`;
    else return undefined;
  }
  return signature;
}

/** The canonical definition parsed earlier from an input with this signature, if still kept. */
export function recall(signature: string): ScheduleType | undefined {
  return memo.get(signature);
}

/** Keeps a successfully parsed (frozen) definition for its signature. */
export function remember(signature: string, definition: ScheduleType): void {
  memo.set(signature, definition);
}
