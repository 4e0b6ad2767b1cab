import type { APIEmbed } from "discord-api-types/v10";
import { DISCORD_LIMITS } from "../limits.js";
import { findLimitViolations } from "../violations.js";
import { API_ERRORS, invalidFormBody } from "./api-errors.js";
import { resolveMentions } from "./mentions.js";
import type { ReceivedFile } from "./read-body.js";
import { SnowflakeGenerator } from "./snowflake.js";
import {
  CHANNEL_TYPES,
  type CreateChannelOptions,
  type StoredMessage,
  type TestChannel,
} from "./types.js";

/** A webhook of a channel. */
export interface TestWebhook {
  id: string;
  token: string;
  channelId: string;
}

/** Who sends a message. */
export interface Author {
  id: string;
  webhookId: string | null;
}

const POSTABLE = new Set<number>([0, 2, 5, 10, 11, 12]);
const THREAD = new Set<number>([10, 11, 12]);

/**
 * The test server's data: one guild with its channels, webhooks and messages, the nonces seen
 * recently, and a snowflake source.
 */
export class TestGuild {
  readonly ids = new SnowflakeGenerator();
  readonly guildId = this.ids.next();
  readonly botUserId = this.ids.next();
  readonly botRoleId = this.ids.next();
  readonly channels = new Map<string, TestChannel>();
  readonly webhooks = new Map<string, TestWebhook>();
  readonly #messages = new Map<string, StoredMessage[]>();
  readonly #nonces = new Map<string, { message: StoredMessage; at: number }>();

  constructor(readonly nonceWindowMs: number) {}

  createChannel(options: CreateChannelOptions = {}): TestChannel {
    const kind = options.kind ?? "text";
    if (!Object.hasOwn(CHANNEL_TYPES, kind)) {
      throw new TypeError(
        `unknown channel kind ${JSON.stringify(kind)}; use one of ${Object.keys(CHANNEL_TYPES).join(", ")}`,
      );
    }
    const id = options.id ?? this.ids.next();
    if (!/^\d{17,20}$/.test(id))
      throw new TypeError(`channel id must be a snowflake, got ${JSON.stringify(id)}`);
    if (this.channels.has(id)) throw new TypeError(`channel ${id} exists already`);
    const channel: TestChannel = {
      id,
      kind,
      type: CHANNEL_TYPES[kind],
      name: options.name ?? `channel-${this.channels.size + 1}`,
      guildId: options.guildId ?? this.guildId,
      parentId: options.parentId ?? null,
      access: options.access ?? "write",
    };
    this.channels.set(id, channel);
    this.#messages.set(id, []);
    return channel;
  }

  createWebhook(channelId: string): TestWebhook {
    if (!this.channels.has(channelId)) throw new TypeError(`unknown channel ${channelId}`);
    const webhook = {
      id: this.ids.next(),
      token: `wh-${this.ids.next()}-token`,
      channelId,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /** `@everyone` (view, send, send in threads, embed, attach, read history) and the bot's own role. */
  roles(): { id: string; name: string; permissions: string; position: number }[] {
    const everyone =
      (1n << 10n) | (1n << 11n) | (1n << 38n) | (1n << 14n) | (1n << 15n) | (1n << 16n);
    return [
      { id: this.guildId, name: "@everyone", permissions: everyone.toString(), position: 0 },
      { id: this.botRoleId, name: "actor-test-bot", permissions: "0", position: 1 },
    ];
  }

  /**
   * The overwrites that give a channel its access: `read` denies the bot Send Messages (and Send
   * Messages in Threads), `none` denies View Channel. A thread has none of its own (its parent's apply).
   */
  overwritesOf(channelId: string): { id: string; type: number; allow: string; deny: string }[] {
    const channel = this.channels.get(channelId);
    if (channel === undefined || this.isThread(channel) || channel.access === "write") return [];
    const deny = channel.access === "none" ? 1n << 10n : (1n << 11n) | (1n << 38n);
    return [{ id: this.botUserId, type: 1, allow: "0", deny: deny.toString() }];
  }

  messages(channelId: string): StoredMessage[] {
    return this.#messages.get(channelId) ?? [];
  }

  /** The channel if the bot can see it; throws Discord's 404/403 otherwise. */
  visibleChannel(channelId: string): TestChannel {
    const channel = this.channels.get(channelId);
    if (channel === undefined) throw API_ERRORS.unknownChannel();
    if (channel.access === "none") throw API_ERRORS.missingAccess();
    return channel;
  }

  /** The channel if a message can be sent to it by `author`. */
  postableChannel(channelId: string, author: Author): TestChannel {
    const channel =
      author.webhookId === null ? this.visibleChannel(channelId) : this.channels.get(channelId);
    if (channel === undefined) throw API_ERRORS.unknownChannel();
    if (author.webhookId === null && channel.access !== "write")
      throw API_ERRORS.missingPermissions();
    if (!POSTABLE.has(channel.type)) throw API_ERRORS.nonTextChannel();
    return channel;
  }

  isThread(channel: TestChannel): boolean {
    return THREAD.has(channel.type);
  }

  /**
   * Validates and stores a message as Discord does; with `enforce_nonce`, a nonce the same author
   * used within the window returns the earlier message instead (`created: false`).
   */
  createMessage(
    channel: TestChannel,
    author: Author,
    body: Record<string, unknown>,
    files: readonly ReceivedFile[],
    now: number,
    overrides: { username?: string | null; avatarUrl?: string | null } = {},
  ): { message: StoredMessage; created: boolean } {
    const content = typeof body["content"] === "string" ? body["content"] : "";
    const embeds = Array.isArray(body["embeds"]) ? (body["embeds"] as APIEmbed[]) : [];
    const badEmbed = embeds.findIndex(
      (e) => typeof e !== "object" || e === null || Array.isArray(e),
    );
    if (badEmbed >= 0) {
      throw invalidFormBody([
        {
          path: ["embeds", badEmbed],
          code: "MODEL_TYPE_CONVERT",
          message: "Only dictionaries may be used in a ModelType",
        },
      ]);
    }
    const nonce =
      typeof body["nonce"] === "string" || typeof body["nonce"] === "number"
        ? String(body["nonce"])
        : null;
    const violations = findLimitViolations({
      content,
      embeds,
      ...(nonce === null ? {} : { nonce }),
      fileCount: files.length,
    });
    const formErrors = violations.filter((v) => v.code !== "EMPTY_MESSAGE");
    if (formErrors.length > 0) throw invalidFormBody(formErrors);
    if (violations.length > 0) throw API_ERRORS.emptyMessage();
    if (overrides.username != null && overrides.username.length > DISCORD_LIMITS.username) {
      throw invalidFormBody([
        {
          path: ["username"],
          code: "BASE_TYPE_MAX_LENGTH",
          message: `Must be ${DISCORD_LIMITS.username} or fewer in length.`,
        },
      ]);
    }

    const nonceKey =
      nonce !== null && body["enforce_nonce"] === true ? `${author.id}:${nonce}` : null;
    if (nonceKey !== null) {
      const seen = this.#nonces.get(nonceKey);
      if (seen !== undefined && now - seen.at < this.nonceWindowMs)
        return { message: seen.message, created: false };
    }
    const mentions = resolveMentions(content, body["allowed_mentions"]);
    const id = this.ids.next(now);
    const message: StoredMessage = {
      id,
      channelId: channel.id,
      content,
      embeds: structuredClone(embeds),
      attachments: files.map((file, i) => ({
        id: this.ids.next(now),
        filename: file.name,
        contentType: file.contentType,
        size: file.data.byteLength,
        description: attachmentDescription(body, i),
        data: file.data,
      })),
      nonce,
      authorId: author.id,
      webhookId: author.webhookId,
      username: overrides.username ?? null,
      avatarUrl: overrides.avatarUrl ?? null,
      mentions: mentions.users,
      mentionRoles: mentions.roles,
      mentionEveryone: mentions.everyone,
      allowedMentions: body["allowed_mentions"],
      timestamp: new Date(now).toISOString(),
    };
    this.messages(channel.id).push(message);
    if (nonceKey !== null) this.#rememberNonce(nonceKey, message, now);
    return { message, created: true };
  }

  #rememberNonce(key: string, message: StoredMessage, now: number): void {
    if (this.#nonces.size >= 10_000) {
      for (const [k, seen] of this.#nonces)
        if (now - seen.at >= this.nonceWindowMs) this.#nonces.delete(k);
    }
    this.#nonces.set(key, { message, at: now });
  }
}

function attachmentDescription(body: Record<string, unknown>, index: number): string | null {
  const list = body["attachments"];
  if (!Array.isArray(list)) return null;
  const entry = list.find(
    (a) =>
      typeof a === "object" && a !== null && String((a as { id?: unknown }).id) === String(index),
  ) as { description?: unknown } | undefined;
  return typeof entry?.description === "string" ? entry.description : null;
}
