import { ActorError, type Clock } from "@actor/core";
import type { StoreLogger } from "./options.js";

/** SQLSTATE classes and codes worth another try: the connection or the server was briefly gone. */
const TRANSIENT_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "53300", // too_many_connections
  "55P03", // lock_not_available
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Whether `error` says the database was unreachable or briefly refused: trying again may work. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (TRANSIENT_SQLSTATES.has(code) || code.startsWith("08")) return true;
    if (NETWORK_CODES.has(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isTransient);
  // pg's own messages for a connection that ended or timed out.
  return /Connection terminated|connection timeout|Client has encountered a connection error|Connection ended/i.test(
    error.message,
  );
}

/** How long and how often a write is retried. */
export interface RetryPolicy {
  clock: Clock;
  logger: StoreLogger;
  retryForMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Runs `operation`, retrying transient failures with exponential backoff and full jitter for up to
 * `retryForMs`; then gives up with an `unavailable` error. Other errors pass through at once.
 * `onRetry(attempt)` lets an operation that may have committed before its connection dropped
 * check that first.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  operation: (attempt: number) => Promise<T>,
): Promise<T> {
  const began = policy.clock.now().getTime();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isTransient(error)) throw error;
      const elapsed = policy.clock.now().getTime() - began;
      if (elapsed >= policy.retryForMs) {
        throw new ActorError(
          "unavailable",
          `${what} failed: the database stayed unreachable for ${Math.round(elapsed / 1000)} s (${describe(error)})`,
          { cause: error },
        );
      }
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 20));
      const delay = Math.min(Math.random() * cap, policy.retryForMs - elapsed);
      policy.logger.warn(
        `${what}: database unavailable, retry ${attempt} in ${Math.round(delay)} ms`,
        {
          reason: describe(error),
        },
      );
      await policy.clock.sleep(delay);
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return error.message || (typeof code === "string" ? code : error.name);
}
