import { GenerationalCache } from "../generational-cache.js";
import type { ScheduleType } from "../types.js";

/** Entries kept per generation of the memo. */
const MEMO_SIZE = 4096;

const memo = new GenerationalCache<string, ScheduleType>(MEMO_SIZE);

/**
 * A signature of a definition made only of strings, numbers and booleans (the common case: a
 * table read from TOML or JSON), or undefined when it holds anything else (a `Date`, an object).
 * Two inputs with the same signature parse to the same canonical definition.
 */
export function signatureOf(input: unknown): string | undefined {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return undefined;
  let signature = "";
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    const kind = typeof value;
    if (kind !== "string" && kind !== "number" && kind !== "boolean") return undefined;
    signature += `${key}\u0000${kind[0]}${String(value)}\u0001`;
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
