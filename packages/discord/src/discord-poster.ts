import { ActorError, type ContentPoster, type PostedMessage, type PostOptions } from "@actor/core";
import { DefaultRestOptions, type REST, type RESTOptions } from "@discordjs/rest";
import {
  Routes,
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIThreadChannel,
  type APIUser,
} from "discord-api-types/v10";
import { canSend, channelPermissions } from "./channel-permissions.js";
import { abortable } from "./abortable.js";
import {
  parseDestination,
  requireDestination,
  type DiscordDestination,
  type ParsedDestination,
} from "./destination.js";
import type { DiscordAllowedMentions, DiscordContent } from "./discord-content.js";
import { createDiscordRest } from "./discord-rest.js";
import { GlobalPacer } from "./global-pacer.js";
import type { DiscordLogger } from "./logger.js";
import { toActorError, type ErrorSite } from "./map-error.js";
import { messageJson } from "./message-body.js";
import { nonceFor } from "./nonce.js";
import { prepareMessages, type SplitOption } from "./prepare-messages.js";
import type { DiscordPosterStats, DiscordRateLimitEvent } from "./rate-limit-events.js";
import { readFiles } from "./read-files.js";
import { threadNameFor } from "./thread-name.js";

/** Options of {@link DiscordPoster}. */
export interface DiscordPosterOptions {
  /** The bot token (without the `Bot ` prefix). Never logged nor put in an error. */
  token: string;
  /** `@discordjs/rest` options, merged over its defaults (`{ api: server.apiUrl }` in tests). */
  rest?: Partial<RESTOptions>;
  /** Who messages may ping. Default `{ parse: [] }`: nobody, not even `@everyone`. */
  allowedMentions?: DiscordAllowedMentions;
  /** Split text over 2 000 characters (or `maxLength`) into several messages. Default false: such text is a validation error. */
  split?: SplitOption;
  /** Where rate-limit warnings go. */
  logger?: DiscordLogger;
  /** Called for each rate limit met (a wait for a learned bucket or a 429). */
  onRateLimited?: (event: DiscordRateLimitEvent) => void;
  /** Longest rate-limit wait to sit out; a longer one fails the post as `rate-limited` with `retryAfterMs`. Default 30 000. */
  maxRateLimitWaitMs?: number;
  /** How long a successful `canPost` check of a destination is remembered. Default 60 000. */
  canPostCacheMs?: number;
}

type Defaulted = "allowedMentions" | "split" | "maxRateLimitWaitMs" | "canPostCacheMs";

/** Defaults of {@link DiscordPosterOptions}. */
export const DISCORD_POSTER_DEFAULTS: Readonly<Required<Pick<DiscordPosterOptions, Defaulted>>> =
  Object.freeze({
    allowedMentions: Object.freeze({ parse: Object.freeze([]) as unknown as [] }),
    split: false,
    maxRateLimitWaitMs: 30_000,
    canPostCacheMs: 60_000,
  });

const CHANNEL_TYPES_POSTABLE = new Set<number>([0, 2, 5, 10, 11, 12]);
const THREAD_TYPES = new Set<number>([10, 11, 12]);
const FORUM_TYPES = new Set<number>([15, 16]);
const CAN_POST_CACHE_SIZE = 1000;
const MAX_PACED_PER_SECOND = 10_000;

/**
 * Posts to Discord channels, threads and forums with a bot token through `@discordjs/rest`.
 * Each message carries a nonce derived from the idempotency key with `enforce_nonce: true`, so a
 * request the client re-sends (timeout, 5xx) or a slot the engine retries after a crash returns
 * the message Discord stored instead of a second one. Content is checked against every Discord
 * limit before a request is made; errors are `ActorError`s (see the README's table).
 *
 * @example
 * ```ts
 * const poster = new DiscordPoster({ token: process.env.DISCORD_TOKEN! });
 * const posted = await poster.post({ text: "Good morning" }, "123456789012345678", {
 *   idempotencyKey: "morning@2026-01-01T08:00:00.000Z",
 * });
 * console.log(posted.id);
 * ```
 */
export class DiscordPoster implements ContentPoster<
  DiscordContent,
  DiscordDestination,
  PostedMessage
> {
  readonly platform = "discord";
  readonly #options: DiscordPosterOptions & Required<Pick<DiscordPosterOptions, Defaulted>>;
  readonly #stats: DiscordPosterStats = {
    requests: 0,
    rateLimited: 0,
    rateLimitWaits: 0,
    posted: 0,
  };
  readonly #rest: REST;
  /** For requests Discord cannot de-duplicate (forum posts): never re-sent by the client. */
  #onceRest: REST | null = null;
  readonly #canPostCache = new Map<string, number>();
  #botUserId: string | undefined;
  readonly #pacer: GlobalPacer | undefined;

  constructor(options: DiscordPosterOptions) {
    if (typeof options?.token !== "string" || options.token.trim() === "") {
      throw new ActorError(
        "invalid-config",
        "DiscordPoster needs a bot token (options.token, a non-empty string)",
        { context: { platform: "discord" } },
      );
    }
    this.#options = { ...DISCORD_POSTER_DEFAULTS, ...options };
    const perSecond =
      options.rest?.globalRequestsPerSecond ?? DefaultRestOptions.globalRequestsPerSecond;
    // A limit raised far above Discord's (a test server without one) needs no pacing.
    this.#pacer = perSecond <= MAX_PACED_PER_SECOND ? new GlobalPacer(perSecond, 1000) : undefined;
    this.#rest = this.#makeRest(options.rest);
  }

  /** Traffic counters for metrics: requests, 429s, rate-limit waits, messages posted. */
  get stats(): Readonly<DiscordPosterStats> {
    return { ...this.#stats };
  }

  /** The underlying `@discordjs/rest` client (shared buckets; use it for other calls). */
  get rest(): REST {
    return this.#rest;
  }

  /** Replaces the bot token (after rotating it); later calls use the new one. */
  setToken(token: string): void {
    if (typeof token !== "string" || token.trim() === "")
      throw new ActorError("invalid-config", "setToken needs a non-empty token", {
        context: { platform: "discord" },
      });
    this.#options.token = token;
    this.#rest.setToken(token);
    this.#onceRest?.setToken(token);
    this.#canPostCache.clear();
  }

  /**
   * Whether the destination is a valid Discord destination whose channel the bot can see and that
   * takes messages (a text, announcement, voice or unlocked thread channel; a forum or media channel
   * for `forum:` destinations), and where the bot's permissions include View Channel and Send
   * Messages (Send Messages in Threads in a thread). A positive answer is cached for
   * `canPostCacheMs`. A bad token or an unreachable Discord throws.
   */
  async canPost(destination: DiscordDestination): Promise<boolean> {
    const target = parseDestination(destination);
    if (typeof target === "string") return false;
    const id = target.kind === "forum" ? target.forumId : target.channelId;
    const cachedAt = this.#canPostCache.get(target.label);
    if (cachedAt !== undefined && Date.now() - cachedAt < this.#options.canPostCacheMs) return true;
    let channel: APIChannel;
    try {
      channel = (await this.#rest.get(Routes.channel(id))) as APIChannel;
    } catch (error) {
      const mapped = toActorError(
        error,
        this.#site(`check Discord destination ${target.label}`, target.label),
      );
      if (mapped.code === "permission" || mapped.code === "not-found") return false;
      throw mapped;
    }
    const thread = (channel as Partial<APIThreadChannel>).thread_metadata;
    let ok =
      target.kind === "forum"
        ? FORUM_TYPES.has(channel.type)
        : CHANNEL_TYPES_POSTABLE.has(channel.type) &&
          !(thread?.archived === true && thread.locked === true);
    if (ok) ok = await this.#maySend(channel, target.label);
    if (ok) {
      if (this.#canPostCache.size >= CAN_POST_CACHE_SIZE)
        this.#canPostCache.delete(this.#canPostCache.keys().next().value!);
      this.#canPostCache.set(target.label, Date.now());
    }
    return ok;
  }

  /**
   * Posts the content; with `split`, long text becomes several messages (`ids` lists them all).
   * Split parts get their own nonces (`key`, `key~2`, `key~3`...), so a retry after a partial post
   * re-sends only what is missing.
   */
  async post(
    content: DiscordContent,
    destination: DiscordDestination,
    options: PostOptions,
  ): Promise<PostedMessage> {
    const { signal } = options ?? {};
    if (signal?.aborted)
      throw toActorError(signal.reason, this.#site("post to Discord", String(destination), signal));
    if (typeof options?.idempotencyKey !== "string" || options.idempotencyKey === "") {
      throw new ActorError(
        "validation",
        "DiscordPoster.post needs options.idempotencyKey (a non-empty string)",
        { context: { platform: "discord" } },
      );
    }
    const target = requireDestination(destination);
    const parts = prepareMessages(content, this.#options.split, target.label);
    const ids: string[] = [];
    let channelId = target.kind === "channel" ? target.channelId : null;
    let postedAt: Date | null = null;
    for (const [i, part] of parts.entries()) {
      const files = await readFiles(part.files, signal);
      const body = messageJson(part, this.#options.allowedMentions);
      let message: APIMessage;
      if (channelId === null) {
        const forum = target as Extract<ParsedDestination, { kind: "forum" }>;
        const site = {
          ...this.#site(`create a post in Discord forum ${forum.forumId}`, target.label, signal),
          atMostOnce: true,
        };
        const request = () =>
          this.#once().post(Routes.threads(forum.forumId), {
            body: {
              name: threadNameFor(content, forum.threadName),
              message: body,
              ...(forum.tags.length > 0 ? { applied_tags: forum.tags } : {}),
            },
            files,
            signal,
          });
        const thread = await this.#call(request, site);
        channelId = (thread as APIThreadChannel).id;
        message =
          (thread as { message?: APIMessage }).message ??
          ({ id: channelId, timestamp: "" } as APIMessage);
      } else {
        const key = i === 0 ? options.idempotencyKey : `${options.idempotencyKey}~${i + 1}`;
        const site = this.#site(`post to Discord channel ${channelId}`, target.label, signal);
        const to = channelId;
        const request = () =>
          this.#rest.post(Routes.channelMessages(to), {
            body: { ...body, nonce: nonceFor(key), enforce_nonce: true },
            files,
            signal,
          });
        message = (await this.#call(request, site)) as APIMessage;
      }
      ids.push(message.id);
      this.#stats.posted++;
      postedAt ??= validDate(message.timestamp);
    }
    return {
      id: ids[0]!,
      ids,
      platform: this.platform,
      destination: target.label,
      postedAt: postedAt ?? new Date(),
    };
  }

  /**
   * Whether the bot's permissions in a guild channel include View Channel and Send Messages (Send
   * Messages in Threads for a thread), from the guild's roles, the bot's member roles and the
   * channel's (for a thread: its parent's) overwrites. Outside a guild, or when Discord refuses to
   * show the roles, Discord's own check on the post decides.
   */
  async #maySend(channel: APIChannel, label: string): Promise<boolean> {
    const guildId = (channel as { guild_id?: string }).guild_id;
    if (guildId === undefined) return true;
    const site = this.#site(`check the bot's permissions in Discord channel ${channel.id}`, label);
    try {
      this.#botUserId ??= ((await this.#rest.get(Routes.user())) as APIUser).id;
      const [roles, member] = (await Promise.all([
        this.#rest.get(Routes.guildRoles(guildId)),
        this.#rest.get(Routes.guildMember(guildId, this.#botUserId)),
      ])) as [APIRole[], APIGuildMember];
      const thread = THREAD_TYPES.has(channel.type);
      const parentId = (channel as { parent_id?: string | null }).parent_id;
      const source =
        thread && parentId
          ? ((await this.#rest.get(Routes.channel(parentId))) as APIChannel)
          : channel;
      const overwrites =
        (source as { permission_overwrites?: APIOverwrite[] }).permission_overwrites ?? [];
      return canSend(
        channelPermissions({ guildId, botUserId: this.#botUserId, roles, member, overwrites }),
        thread,
      );
    } catch (error) {
      const mapped = toActorError(error, site);
      if (mapped.code === "not-found") return false; // the bot is not a member of the guild
      if (mapped.code === "permission") return true;
      throw mapped;
    }
  }

  async #call(send: () => Promise<unknown>, site: ErrorSite): Promise<unknown> {
    if (site.signal?.aborted) throw toActorError(site.signal.reason, site);
    try {
      return await abortable(send(), site.signal);
    } catch (error) {
      throw toActorError(error, site);
    }
  }

  #site(action: string, destination: string, signal?: AbortSignal): ErrorSite {
    return {
      action,
      destination,
      signal,
      timeoutMs: this.#options.rest?.timeout ?? DefaultRestOptions.timeout,
    };
  }

  #once(): REST {
    this.#onceRest ??= this.#makeRest({ ...this.#options.rest, retries: 0 });
    return this.#onceRest;
  }

  #makeRest(rest: Partial<RESTOptions> | undefined): REST {
    // With the pacer in charge of the global limit, the client's own fixed-window count would only
    // hold back requests the pacer lets through; the client still obeys a global 429.
    const paced =
      this.#pacer === undefined
        ? rest
        : { ...rest, globalRequestsPerSecond: MAX_PACED_PER_SECOND * 100 };
    return createDiscordRest({
      token: this.#options.token,
      ...(paced === undefined ? {} : { rest: paced }),
      maxRateLimitWaitMs: this.#options.maxRateLimitWaitMs,
      stats: this.#stats,
      ...(this.#pacer === undefined ? {} : { pacer: this.#pacer }),
      onRateLimited: (event) => {
        if (event.kind === "429")
          this.#options.logger?.warn?.(
            { platform: "discord", ...event },
            "Discord answered 429; waiting before sending again",
          );
        else
          this.#options.logger?.debug?.(
            { platform: "discord", ...event },
            "waiting for a Discord rate-limit bucket",
          );
        this.#options.onRateLimited?.(event);
      },
    });
  }
}

function validDate(value: string | undefined): Date | null {
  if (value === undefined || value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
