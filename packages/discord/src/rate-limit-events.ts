/** A rate limit met by a Discord poster. */
export interface DiscordRateLimitEvent {
  /**
   * `wait`: the client held a request back because a bucket it learned was empty (no request
   * was refused). `429`: Discord refused a request; the client waits and sends it again.
   */
  kind: "wait" | "429";
  /** The bucket route, e.g. `/channels/:id/messages`, or the request path for a 429. */
  route: string;
  /** How long the client waits, in milliseconds. */
  retryAfterMs: number;
  /** Whether it is the global limit rather than a route's bucket. */
  global: boolean;
  /** Discord's `X-RateLimit-Scope` of a 429: `user`, `global` or `shared`. */
  scope: string | null;
}

/** Counters of a poster's traffic, for metrics (`actor_rate_limited_total`...). Monotonic. */
export interface DiscordPosterStats {
  /** HTTP requests sent, re-sends included. */
  requests: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Times the client waited for a learned bucket or the global limit before sending. */
  rateLimitWaits: number;
  /** Messages posted (de-duplicated answers included). */
  posted: number;
}
