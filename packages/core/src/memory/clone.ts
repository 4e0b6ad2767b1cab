import { ActorError } from "../errors.js";

const MAX_DEPTH = 64;

/**
 * Deep-copies stored data so records never alias caller objects. Plain objects, arrays and Dates
 * (everything the contracts store) are copied directly, which is several times faster than
 * `structuredClone`; any other object (Map, typed array...) falls back to `structuredClone`.
 * Stored data must be acyclic (it has to survive JSON and SQL stores too): a cycle or nesting
 * deeper than 64 levels is a `validation` error.
 */
export function cloneData<T>(value: T): T {
  return copy(value, 0) as T;
}

/**
 * `held` (the store's own copy) when `given` equals it by value ({@link sameData}), otherwise a
 * fresh copy of `given` ({@link cloneData}): unchanged data then costs the store no new object.
 */
export function keepOrClone<T>(given: T, held: T | undefined): T {
  return held !== undefined && sameData(given, held) ? held : cloneData(given);
}

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) {
    throw new ActorError(
      "validation",
      `stored data is nested deeper than ${MAX_DEPTH} levels or is cyclic; use plain JSON-like data`,
    );
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // for...in walks V8's enum cache without allocating a key array; own keys only, as Object.keys.
  for (const key in source) {
    if (Object.hasOwn(source, key)) out[key] = copy(source[key], depth + 1);
  }
  return out;
}

/**
 * Whether two pieces of stored data are equal by value (plain objects, arrays, Dates and
 * primitives; any other object only to itself). Allocates nothing, so a store can check whether
 * incoming data equals what it already holds before copying it.
 */
export function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (depth > MAX_DEPTH) return false;
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const protoA = Object.getPrototypeOf(a) as unknown;
  const protoB = Object.getPrototypeOf(b) as unknown;
  if (protoA !== protoB || (protoA !== Object.prototype && protoA !== null)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key)) continue;
    if (!Object.hasOwn(y, key) || !sameData(x[key], y[key], depth + 1)) return false;
    count++;
  }
  for (const key in y) if (Object.hasOwn(y, key)) count--;
  return count === 0;
}
