import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Checks `Authorization: Bearer <token>` against the configured token in constant time (both sides
 * are hashed to 32 bytes first, so neither the content nor the length leaks through timing).
 * Without a configured token every request is refused.
 *
 * @example
 * ```ts
 * if (!isAuthorized(req, config.http.token)) return send(res, 401, { error: "..." });
 * ```
 */
export function isAuthorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined || token === "") return false;
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const given = match?.[1] ?? "";
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}
