import { createHash } from "node:crypto";
import { DISCORD_LIMITS } from "./limits.js";

/**
 * The Discord nonce of an idempotency key: the first 25 hex digits (100 bits) of its SHA-256.
 * The same slot always gets the same nonce, so with `enforce_nonce: true` Discord returns the
 * message it stored earlier instead of posting a second one.
 *
 * @example
 * ```ts
 * nonceFor("daily@2026-01-01T09:00:00.000Z"); // 25 hex digits, the same on every call
 * ```
 */
export function nonceFor(idempotencyKey: string): string {
  return createHash("sha256")
    .update(idempotencyKey, "utf8")
    .digest("hex")
    .slice(0, DISCORD_LIMITS.nonce);
}
