import type { APIEmbed } from "discord-api-types/v10";
import type { RateLimit } from "./rate-limiter.js";

/** Channel kinds the test server knows, with Discord's numeric `type`. */
export const CHANNEL_TYPES = {
  text: 0,
  announcement: 5,
  "announcement-thread": 10,
  "public-thread": 11,
  "private-thread": 12,
  forum: 15,
  media: 16,
} as const;

/** A channel kind of {@link CHANNEL_TYPES}. */
export type TestChannelKind = keyof typeof CHANNEL_TYPES;

/**
 * What the bot may do in a channel: `write` (view and send), `read` (view only: sending answers
 * 403/50013 Missing Permissions) or `none` (invisible: everything answers 403/50001 Missing Access).
 */
export type TestChannelAccess = "write" | "read" | "none";

/** Options of `server.createChannel`. */
export interface CreateChannelOptions {
  /** Default: a fresh snowflake. */
  id?: string;
  /** Default `"text"`. */
  kind?: TestChannelKind;
  /** Default `"channel-<n>"`. */
  name?: string;
  /** Default `"write"`. */
  access?: TestChannelAccess;
  /** Parent channel of a thread. */
  parentId?: string;
  /** Default: the server's one guild. */
  guildId?: string;
}

/** A channel held by the test server. */
export interface TestChannel {
  id: string;
  kind: TestChannelKind;
  type: number;
  name: string;
  guildId: string;
  parentId: string | null;
  access: TestChannelAccess;
}

/** An attachment as the server received it, bytes included. */
export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string | null;
  size: number;
  description: string | null;
  data: Uint8Array;
}

/** A message the server stored. */
export interface StoredMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: APIEmbed[];
  attachments: StoredAttachment[];
  nonce: string | null;
  /** The bot's user id, or the webhook's id for webhook messages. */
  authorId: string;
  webhookId: string | null;
  /** Webhook `username`/`avatar_url` overrides. */
  username: string | null;
  avatarUrl: string | null;
  /** Ids of users this message pinged (after `allowed_mentions`). */
  mentions: string[];
  /** Ids of roles this message pinged. */
  mentionRoles: string[];
  /** Whether `@everyone`/`@here` pinged. */
  mentionEveryone: boolean;
  /** The `allowed_mentions` sent, as sent (undefined: Discord's default, everything pings). */
  allowedMentions: unknown;
  timestamp: string;
}

/** One HTTP request the server answered, for assertions. */
export interface LoggedRequest {
  /** Milliseconds since the epoch when it arrived. */
  at: number;
  method: string;
  /** The path without the `/api/vN` prefix or query. */
  path: string;
  /** The route template, e.g. `POST /channels/:id/messages`. `null` for an unknown route. */
  route: string | null;
  /** The channel addressed (for webhooks: the webhook's channel). */
  channelId: string | null;
  /** The status answered; 0 when the socket was dropped. */
  status: number;
  /** Discord's JSON error code when the answer was an error. */
  code: number | null;
  /** The nonce of a message post. */
  nonce: string | null;
  /** The JSON body (or multipart `payload_json`). */
  body: unknown;
  files: { name: string; size: number; contentType: string | null }[];
  /** Which fault rule, if any, shaped the answer. */
  fault: FaultKind | null;
}

/** Options of `startDiscordTestServer`. */
export interface DiscordTestServerOptions {
  /** Bot tokens the server accepts (`Authorization: Bot <token>`). Default `["test-bot-token"]`. */
  tokens?: string[];
  /** Per-(route, channel) bucket. Default Discord's message bucket: 5 per 5 000 ms. */
  bucket?: RateLimit;
  /** Per-token global limit, or `null` for none. Default Discord's 50 per 1 000 ms. */
  globalLimit?: RateLimit | null;
  /** How long a nonce sent with `enforce_nonce` de-duplicates. Default 300 000 (Discord: "a few minutes"). */
  nonceWindowMs?: number;
  /** Channels to create at start. */
  channels?: CreateChannelOptions[];
  /** Default `"127.0.0.1"`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

/** What a fault does to a matching request. */
export type Fault =
  /** Answers this status (and Discord JSON error code) instead of handling the request. */
  | {
      kind: "error";
      status: number;
      code?: number;
      message?: string;
      errors?: Record<string, unknown>;
    }
  /** Waits `ms` before answering; `stage: "after"` (default) handles the request first, so a message is stored before the slow answer. */
  | { kind: "delay"; ms: number; stage?: "before" | "after" }
  /** Destroys the socket without an answer; `stage: "after"` stores the message first. Default "before". */
  | { kind: "drop"; stage?: "before" | "after" }
  /** Answers 429 with `retry_after` (as Discord's global or per-route limit). */
  | { kind: "rate-limit"; retryAfterMs: number; global?: boolean };

/** A {@link Fault} kind. */
export type FaultKind = Fault["kind"];

/** When a fault applies: every given condition must match. */
export interface FaultRule {
  fault: Fault;
  /** Only requests addressing this channel (for webhooks: the webhook's channel). */
  channelId?: string;
  /** Only this route, e.g. `POST /channels/:id/messages`. */
  route?: string;
  /** Let this many matching requests through first. Default 0. */
  skip?: number;
  /** Apply to this many matching requests, then stop. Default: every one. */
  times?: number;
}
