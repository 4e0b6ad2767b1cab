import { ActorError, type ContentPoster, type PostedMessage, type PostOptions } from "@actor/core";
import { DefaultRestOptions, type REST, type RESTOptions } from "@discordjs/rest";
import { Routes, type APIMessage } from "discord-api-types/v10";
import { abortable } from "./abortable.js";
import { isSnowflake } from "./destination.js";
import type { DiscordAllowedMentions, DiscordContent } from "./discord-content.js";
import { createDiscordRest } from "./discord-rest.js";
import type { DiscordLogger } from "./logger.js";
import { toActorError, type ErrorSite } from "./map-error.js";
import { messageJson } from "./message-body.js";
import { prepareMessages, type SplitOption } from "./prepare-messages.js";
import type { DiscordPosterStats, DiscordRateLimitEvent } from "./rate-limit-events.js";
import { readFiles } from "./read-files.js";
import { parseWebhookUrl, type WebhookAddress } from "./webhook-url.js";

/** Options of {@link DiscordWebhookPoster}. */
export interface DiscordWebhookPosterOptions {
  /** `https://discord.com/api/webhooks/<id>/<token>`. A secret: never logged nor put in an error. */
  url: string;
  /** `@discordjs/rest` options (`api` defaults to the URL's own base; `retries` is always 0). */
  rest?: Partial<RESTOptions>;
  /** Overrides the webhook's name. */
  username?: string;
  /** Overrides the webhook's avatar. */
  avatarUrl?: string;
  /** Posts into this thread of the webhook's channel (a destination that is a thread id wins). */
  threadId?: string;
  /** Default `{ parse: [] }`. */
  allowedMentions?: DiscordAllowedMentions;
  /** Default false. */
  split?: SplitOption;
  logger?: DiscordLogger;
  onRateLimited?: (event: DiscordRateLimitEvent) => void;
  /** Default 30 000. */
  maxRateLimitWaitMs?: number;
}

/**
 * Posts through a Discord webhook (no bot), with `wait=true` so the message id comes back.
 *
 * **At most once.** Discord takes no nonce on webhooks, so it cannot de-duplicate a re-sent
 * request. This poster never re-sends: the client's retries are off, and a failure that may have
 * come after Discord stored the message (a timeout, a dropped connection, a 5xx) is a
 * non-retryable `ActorError`, so the engine does not post the slot again. Failures that prove
 * nothing was stored (429, connection refused, 4xx) stay as they are.
 *
 * The destination is a thread id of the webhook's channel, or any other label (`""`, `"webhook"`)
 * for the webhook's own channel (or `threadId`).
 *
 * @example
 * ```ts
 * const poster = new DiscordWebhookPoster({ url: process.env.DISCORD_WEBHOOK_URL!, username: "Daily bot" });
 * await poster.post({ text: "Build green" }, "", { idempotencyKey: "build@2026-01-01T00:00:00.000Z" });
 * ```
 */
export class DiscordWebhookPoster implements ContentPoster<DiscordContent, string, PostedMessage> {
  readonly platform = "discord";
  readonly #options: DiscordWebhookPosterOptions;
  readonly #address: WebhookAddress;
  readonly #rest: REST;
  readonly #stats: DiscordPosterStats = {
    requests: 0,
    rateLimited: 0,
    rateLimitWaits: 0,
    posted: 0,
  };

  constructor(options: DiscordWebhookPosterOptions) {
    this.#address = parseWebhookUrl(options?.url);
    if (options.threadId !== undefined && !isSnowflake(options.threadId)) {
      throw new ActorError(
        "invalid-config",
        `DiscordWebhookPoster threadId must be a Discord id (17–20 digits), got ${JSON.stringify(options.threadId)}`,
        {
          context: { platform: "discord", key: "threadId" },
        },
      );
    }
    this.#options = options;
    this.#rest = createDiscordRest({
      rest: { api: this.#address.api, ...options.rest, retries: 0 },
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 30_000,
      stats: this.#stats,
      onRateLimited: (event) => {
        const safe = { ...event, route: `/webhooks/${this.#address.id}` };
        options.logger?.warn?.(
          { platform: "discord", ...safe },
          "Discord rate limit on the webhook",
        );
        options.onRateLimited?.(safe);
      },
    });
  }

  /** The webhook's id (not a secret). */
  get webhookId(): string {
    return this.#address.id;
  }

  /** Traffic counters for metrics. */
  get stats(): Readonly<DiscordPosterStats> {
    return { ...this.#stats };
  }

  /** Whether the webhook exists (GET on it answers) and the destination is a label or a thread id. */
  async canPost(destination: string): Promise<boolean> {
    if (typeof destination !== "string") return false;
    try {
      await this.#rest.get(Routes.webhook(this.#address.id, this.#address.token), { auth: false });
      return true;
    } catch (error) {
      const mapped = toActorError(error, this.#site(""));
      if (mapped.code === "not-found" || mapped.code === "auth" || mapped.code === "permission")
        return false;
      throw mapped;
    }
  }

  async post(
    content: DiscordContent,
    destination: string,
    options: PostOptions,
  ): Promise<PostedMessage> {
    const signal = options?.signal;
    if (signal?.aborted) throw toActorError(signal.reason, this.#site(destination, signal));
    const threadId = isSnowflake(destination) ? destination : this.#options.threadId;
    const label =
      typeof destination === "string" && destination !== ""
        ? destination
        : `webhook:${this.#address.id}`;
    const parts = prepareMessages(content, this.#options.split ?? false, label);
    const ids: string[] = [];
    let postedAt: Date | null = null;
    for (const part of parts) {
      const files = await readFiles(part.files, signal);
      const body = {
        ...messageJson(part, this.#options.allowedMentions ?? { parse: [] }),
        ...(this.#options.username === undefined ? {} : { username: this.#options.username }),
        ...(this.#options.avatarUrl === undefined ? {} : { avatar_url: this.#options.avatarUrl }),
      };
      const query = new URLSearchParams({
        wait: "true",
        ...(threadId === undefined ? {} : { thread_id: threadId }),
      });
      const site = {
        ...this.#site(label, signal),
        atMostOnce: true,
        ...(ids.length > 0 ? { partial: true } : {}),
      };
      let message: APIMessage;
      try {
        if (signal?.aborted) throw signal.reason;
        const request = this.#rest.post(Routes.webhook(this.#address.id, this.#address.token), {
          body,
          files,
          query,
          auth: false,
          signal,
        });
        message = (await abortable(request, signal)) as APIMessage;
      } catch (error) {
        const mapped = toActorError(error, site);
        // Once a part is out, retrying the slot would post it again.
        if (ids.length > 0 && mapped.retryable)
          throw new ActorError(
            mapped.code,
            `${mapped.message} (after ${ids.length} of ${parts.length} parts were posted; not retried)`,
            { context: mapped.context, retryable: false },
          );
        throw mapped;
      }
      ids.push(message.id);
      this.#stats.posted++;
      const at = new Date(message.timestamp);
      postedAt ??= Number.isNaN(at.getTime()) ? null : at;
    }
    return {
      id: ids[0]!,
      ids,
      platform: this.platform,
      destination: label,
      postedAt: postedAt ?? new Date(),
    };
  }

  #site(destination: string, signal?: AbortSignal): ErrorSite {
    return {
      action: `post through Discord webhook ${this.#address.id}`,
      destination,
      signal,
      timeoutMs: this.#options.rest?.timeout ?? DefaultRestOptions.timeout,
      keepCause: false,
    };
  }
}
