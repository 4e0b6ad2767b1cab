import { createHash } from "node:crypto";

/** A bucket size: `limit` requests per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** What the limiter decided for one request. */
export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | {
      allowed: false;
      scope: "user" | "global";
      retryAfterMs: number;
      headers: Record<string, string>;
    };

interface Bucket {
  remaining: number;
  resetAt: number;
}

/**
 * Discord's rate limits as Discord applies them: a fixed window per (route, major parameter)
 * bucket that starts at the first request, plus a global per-token limit. Every allowed response
 * carries honest `X-RateLimit-*` headers; a refusal says when to come back.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #global = new Map<string, Bucket>();
  readonly #hashes = new Map<string, string>();

  constructor(
    readonly route: RateLimit,
    readonly global: RateLimit | null,
  ) {}

  /** Counts one request of `identity` (a token; `null` for webhooks) on `route` + `major`. */
  take(identity: string | null, route: string, major: string, now: number): RateDecision {
    if (identity !== null && this.global !== null) {
      const g = current(this.#global, identity, this.global, now);
      if (g.remaining <= 0) {
        const retryAfterMs = g.resetAt - now;
        return {
          allowed: false,
          scope: "global",
          retryAfterMs,
          headers: {
            "x-ratelimit-global": "true",
            "x-ratelimit-scope": "global",
            "retry-after": seconds(retryAfterMs),
          },
        };
      }
      g.remaining--;
    }
    const key = `${route}:${major}`;
    const bucket = current(this.#buckets, key, this.route, now);
    const hash = this.#hash(route);
    if (bucket.remaining <= 0) {
      const retryAfterMs = bucket.resetAt - now;
      return {
        allowed: false,
        scope: "user",
        retryAfterMs,
        headers: {
          ...headers(this.route.limit, 0, bucket.resetAt, now, hash),
          "x-ratelimit-scope": "user",
          "retry-after": seconds(retryAfterMs),
        },
      };
    }
    bucket.remaining--;
    return {
      allowed: true,
      headers: headers(this.route.limit, bucket.remaining, bucket.resetAt, now, hash),
    };
  }

  /** Discord's opaque bucket id (`X-RateLimit-Bucket`): stable per route. */
  #hash(route: string): string {
    let hash = this.#hashes.get(route);
    if (hash === undefined) {
      hash = createHash("sha1").update(route).digest("hex").slice(0, 32);
      this.#hashes.set(route, hash);
    }
    return hash;
  }
}

function current(map: Map<string, Bucket>, key: string, limit: RateLimit, now: number): Bucket {
  let bucket = map.get(key);
  if (bucket === undefined || bucket.resetAt <= now) {
    bucket = { remaining: limit.limit, resetAt: now + limit.windowMs };
    map.set(key, bucket);
  }
  return bucket;
}

function headers(
  limit: number,
  remaining: number,
  resetAt: number,
  now: number,
  hash: string,
): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": (resetAt / 1000).toFixed(3),
    "x-ratelimit-reset-after": seconds(resetAt - now),
    "x-ratelimit-bucket": hash,
  };
}

/** Seconds with millisecond precision, as Discord writes them (`0.437`). */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
