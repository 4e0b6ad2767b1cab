import {
  DefaultRestOptions,
  REST,
  RESTEvents,
  type RateLimitData,
  type RESTOptions,
} from "@discordjs/rest";
import type { GlobalPacer } from "./global-pacer.js";
import type { DiscordPosterStats, DiscordRateLimitEvent } from "./rate-limit-events.js";

/**
 * A `REST` client that keeps its token after a 401. `@discordjs/rest` clears the token on a 401,
 * which makes every later call fail with "Expected token to be set" until the process restarts;
 * a poster reports the 401 as a permanent `auth` error instead, and later calls (after the token
 * is fixed on Discord's side or through `setToken`) work.
 */
class TokenKeepingREST extends REST {
  override setToken(token: string | null): this {
    if (token) super.setToken(token);
    return this;
  }
}

/** Options of {@link createDiscordRest}. */
export interface DiscordRestSetup {
  token?: string;
  rest?: Partial<RESTOptions>;
  /** Longest 429 / bucket wait to sit out before failing with `rate-limited`. */
  maxRateLimitWaitMs: number;
  stats: DiscordPosterStats;
  /** Paces every request of the bot's token (shared by a poster's clients); none for webhooks. */
  pacer?: GlobalPacer;
  onRateLimited: (event: DiscordRateLimitEvent) => void;
}

/**
 * Builds the `@discordjs/rest` client a poster uses, counting requests and 429s and reporting rate
 * limits. Waits longer than `maxRateLimitWaitMs` are rejected (`RateLimitError`) so the engine
 * can retry the slot later instead of holding a run.
 */
export function createDiscordRest(setup: DiscordRestSetup): REST {
  const { stats, onRateLimited } = setup;
  const makeRequest = setup.rest?.makeRequest ?? DefaultRestOptions.makeRequest;
  const userReject = setup.rest?.rejectOnRateLimit;
  const rest = new TokenKeepingREST({
    ...setup.rest,
    async makeRequest(url, init) {
      const release = setup.pacer === undefined ? null : await setup.pacer.acquire();
      stats.requests++;
      let response: Awaited<ReturnType<typeof makeRequest>>;
      try {
        response = await makeRequest(url, init);
      } finally {
        release?.();
      }
      if (response.status === 429) {
        stats.rateLimited++;
        const retryAfter = Number(response.headers.get("retry-after"));
        onRateLimited({
          kind: "429",
          route: new URL(url).pathname,
          retryAfterMs: Number.isFinite(retryAfter) ? Math.round(retryAfter * 1000) : 0,
          global: response.headers.has("x-ratelimit-global"),
          scope: response.headers.get("x-ratelimit-scope"),
        });
      }
      return response;
    },
    rejectOnRateLimit:
      userReject ??
      ((data: RateLimitData) =>
        data.retryAfter > setup.maxRateLimitWaitMs || data.timeToReset > setup.maxRateLimitWaitMs),
  });
  rest.on(RESTEvents.RateLimited, (data) => {
    stats.rateLimitWaits++;
    onRateLimited({
      kind: "wait",
      route: data.route,
      retryAfterMs: data.timeToReset,
      global: data.global,
      scope: null,
    });
  });
  if (setup.token !== undefined) rest.setToken(setup.token);
  return rest;
}
