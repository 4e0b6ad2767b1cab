import { ActorError, type ActorErrorContext } from "@actor/core";

const invalid = (message: string, context: ActorErrorContext): ActorError =>
  new ActorError("validation", message, { context });

/** Epoch ms of a valid `Date`; anything else (an Invalid Date, a string) is a `validation` error. */
export function instantOf(value: unknown, what: string, context: ActorErrorContext = {}): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms))
    throw invalid(`${what} must be a valid Date, got ${describe(value)}`, context);
  return ms;
}

/** Like {@link instantOf}, with null (and undefined) meaning none: NaN. */
export function optionalInstantOf(
  value: unknown,
  what: string,
  context: ActorErrorContext = {},
): number {
  return value === null || value === undefined ? Number.NaN : instantOf(value, what, context);
}

/** A finite number; NaN and ±Infinity do not survive JSON and are refused. */
export function numberOf(value: unknown, what: string, context: ActorErrorContext = {}): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalid(`${what} must be a finite number, got ${describe(value)}`, context);
  return value;
}

export function stringOf(value: unknown, what: string, context: ActorErrorContext = {}): string {
  if (typeof value !== "string")
    throw invalid(`${what} must be a string, got ${describe(value)}`, context);
  return value;
}

export function booleanOf(value: unknown, what: string, context: ActorErrorContext = {}): boolean {
  if (typeof value !== "boolean")
    throw invalid(`${what} must be true or false, got ${describe(value)}`, context);
  return value;
}

/**
 * The JSON text of a plain-object field (metadata). Values follow JSON: Dates become ISO strings,
 * `undefined` members are left out, NaN becomes null. A cycle, a BigInt or a non-object is a
 * `validation` error, raised before anything is stored.
 */
export function jsonObjectOf(
  value: unknown,
  what: string,
  context: ActorErrorContext = {},
): string {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalid(`${what} must be a plain object, got ${describe(value)}`, context);
  return jsonOf(value, what, context);
}

/** The JSON text of `value`, or a `validation` error saying why it has none. */
export function jsonOf(value: unknown, what: string, context: ActorErrorContext = {}): string {
  try {
    const text = JSON.stringify(value);
    if (typeof text === "string") return text;
  } catch (error) {
    throw invalid(`${what} must be JSON-serialisable data (${(error as Error).message})`, context);
  }
  throw invalid(`${what} must be JSON-serialisable data, got ${describe(value)}`, context);
}

function describe(value: unknown): string {
  if (value instanceof Date) return "an Invalid Date";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 60));
  if (typeof value === "number" || typeof value === "boolean" || value == null)
    return String(value);
  return typeof value;
}
