import { ActorError } from "@actor/core";
import { z } from "zod";
import type { RuntimeLogger } from "./logger.js";

const count = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
const seconds = () => z.number().positive().max(1e9);
const secondsOrZero = () => z.number().min(0).max(1e9);

const loggerSchema = z.custom<RuntimeLogger | null>(
  (v) =>
    v === null ||
    (typeof v === "object" &&
      typeof (v as RuntimeLogger).info === "function" &&
      typeof (v as RuntimeLogger).warn === "function" &&
      typeof (v as RuntimeLogger).error === "function"),
  { message: "must be null or a logger with info(obj, msg), warn(obj, msg) and error(obj, msg)" },
);

/**
 * The schema of the engine's options (`ServerOptions`): strict (an unknown key is an error with a
 * did-you-mean), integers for counts, positive durations. `actor-server` reuses it for its config.
 */
export const serverOptionsSchema = z.strictObject({
  maxConcurrency: count(1).optional(),
  timeoutSeconds: seconds().optional(),
  retries: count(0).optional(),
  backoffBaseSeconds: secondsOrZero().optional(),
  backoffMaxSeconds: secondsOrZero().optional(),
  maxConsecutiveFailures: count(1).optional(),
  shutdownTimeoutSeconds: secondsOrZero().optional(),
  leaseTtlSeconds: seconds().optional(),
  instanceId: z.string().trim().min(1).max(200).optional(),
  misfireGraceSeconds: secondsOrZero().optional(),
  maxTimerStepSeconds: seconds().optional(),
  historyKeepPerTask: count(1).optional(),
  historyMaxAgeDays: seconds().optional(),
  pruneIntervalSeconds: seconds().optional(),
  random: z
    .custom<() => number>((v) => typeof v === "function", {
      message: "must be a function returning a number in [0, 1)",
    })
    .optional(),
  logger: loggerSchema.optional(),
});

/** The schema of one task's options (`TaskOptions`), strict like {@link serverOptionsSchema}. */
export const taskOptionsSchema = z.strictObject({
  taskId: z.string().trim().min(1).max(200).optional(),
  retries: count(0).optional(),
  timeoutSeconds: seconds().optional(),
  backoffBaseSeconds: secondsOrZero().optional(),
  backoffMaxSeconds: secondsOrZero().optional(),
  maxConsecutiveFailures: count(1).optional(),
  destination: z.string().min(1).optional(),
  services: z.record(z.string(), z.unknown()).optional(),
});

/** Where an options object came from, for the error message. */
export interface OptionsSource {
  /** Prefix of the message, e.g. `ActorServerBuilder` or `task "daily"`. */
  label: string;
  /** Prefix of `context.key`, e.g. `options` or `actors[2].options`. */
  keyPrefix: string;
  taskId?: string;
  actorName?: string;
  file?: string;
}

/**
 * Validates server options; throws `ActorError("invalid-config")` naming the key, the value given
 * and what is accepted (`option maxConcurency is unknown; did you mean maxConcurrency?`).
 *
 * @example
 * ```ts
 * parseServerOptions({ maxConcurrency: 8 }); // ok
 * parseServerOptions({ maxConcurency: 8 }); // throws: ... did you mean maxConcurrency?
 * ```
 */
export function parseServerOptions(
  input: unknown,
  source: OptionsSource = { label: "ActorServerBuilder", keyPrefix: "options" },
): z.infer<typeof serverOptionsSchema> {
  return parseWith(serverOptionsSchema, input, source);
}

/** Validates one task's options like {@link parseServerOptions}. */
export function parseTaskOptions(
  input: unknown,
  source: OptionsSource,
): z.infer<typeof taskOptionsSchema> {
  return parseWith(taskOptionsSchema, input, source);
}

function parseWith<S extends z.ZodObject>(
  schema: S,
  input: unknown,
  source: OptionsSource,
): z.infer<S> {
  const cleaned =
    input !== null && typeof input === "object" && !Array.isArray(input)
      ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      : input;
  const parsed = schema.safeParse(cleaned ?? {});
  if (parsed.success) return parsed.data;
  const accepted = Object.keys(schema.shape);
  const issue = parsed.error.issues[0]!;
  const { key, message } = describeIssue(issue, cleaned, accepted);
  throw new ActorError("invalid-config", `${source.label}: ${message}`, {
    context: {
      key: key ? `${source.keyPrefix}.${key}` : source.keyPrefix,
      ...(source.taskId === undefined ? {} : { taskId: source.taskId }),
      ...(source.actorName === undefined ? {} : { actorName: source.actorName }),
      ...(source.file === undefined ? {} : { file: source.file }),
    },
  });
}

function describeIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  accepted: readonly string[],
): { key: string; message: string } {
  const key = issue.path.map(String).join(".");
  const given =
    key && input !== null && typeof input === "object"
      ? (input as Record<string, unknown>)[String(issue.path[0])]
      : input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const unknownKey = issue.keys[0]!;
      const guess = closest(unknownKey, accepted);
      return {
        key: unknownKey,
        message:
          `option ${unknownKey} is unknown` +
          (guess ? `; did you mean ${guess}?` : "") +
          ` (accepted: ${accepted.join(", ")})`,
      };
    }
    case "invalid_type":
      if (issue.path.length === 0)
        return { key, message: `options must be an object, got ${show(given)}` };
      return {
        key,
        message: `option ${key} must be a ${issue.expected === "int" ? "whole number" : issue.expected}, got ${show(given)}`,
      };
    case "too_small":
      if (issue.origin === "string")
        return { key, message: `option ${key} must not be empty, got ${show(given)}` };
      return {
        key,
        message: `option ${key} must be ${issue.inclusive === false ? "greater than" : "at least"} ${String(issue.minimum)}, got ${show(given)}`,
      };
    case "too_big":
      return {
        key,
        message: `option ${key} must be at most ${String(issue.maximum)}, got ${show(given)}`,
      };
    case "custom":
      return { key, message: `option ${key} ${issue.message}, got ${show(given)}` };
    default:
      if (issue.code === "invalid_format" || issue.message.includes("int"))
        return { key, message: `option ${key} must be a whole number, got ${show(given)}` };
      return { key, message: `option ${key} ${show(given)}: ${issue.message}` };
  }
}

function show(value: unknown): string {
  if (typeof value === "number")
    return Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value === undefined) return "(missing)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The accepted key closest to `key` (case-insensitive, edit distance ≤ 3), or null. */
function closest(key: string, accepted: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  const lower = key.toLowerCase().replace(/[_-]/g, "");
  for (const candidate of accepted) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
