import { ActorError, type ContentPoster, type PostedMessage } from "@actor/core";
import type { RESTOptions } from "@discordjs/rest";
import type { DiscordContent } from "./discord-content.js";
import { DiscordWebhookPoster } from "./discord-webhook-poster.js";
import { DISCORD_LIMITS } from "./limits.js";
import { splitMessageText } from "./split-message-text.js";

/**
 * The alert the runtime sends when a task's circuit opens (the shape of `Alert` from
 * `@actor/runtime`, described here so this package needs only `@actor/core`).
 */
export interface DiscordAlert {
  kind: string;
  taskId: string;
  actorName: string;
  consecutiveFailures: number;
  lastError: { code: string; message: string };
  at: Date;
}

/** Options of {@link DiscordAlertSink}: an ops channel through a poster, or a webhook URL. */
export type DiscordAlertSinkOptions =
  | {
      /** A `DiscordPoster` (or any poster of Discord content). */
      poster: ContentPoster<DiscordContent, string, PostedMessage>;
      /** The ops channel id. */
      destination: string;
    }
  | {
      /** A webhook of the ops channel. A secret: never logged. */
      webhookUrl: string;
      rest?: Partial<RESTOptions>;
      /** Default "actor alerts". */
      username?: string;
    };

const RED = 0xd83c3e;

/**
 * Sends the runtime's circuit-breaker alerts to a Discord ops channel as an embed: which task and
 * actor, how many failures, the last error. Implements `AlertSink` of `@actor/runtime`. Each alert
 * has its own idempotency key (`alert:<taskId>@<at>`), so a re-sent alert is not posted twice
 * through a bot poster.
 *
 * @example
 * ```ts
 * const alerts = new DiscordAlertSink({ poster, destination: "123456789012345678" });
 * new ActorServerBuilder().persistence(store).poster(poster).alerts(alerts);
 * ```
 */
export class DiscordAlertSink {
  readonly #poster: ContentPoster<DiscordContent, string, PostedMessage>;
  readonly #destination: string;

  constructor(options: DiscordAlertSinkOptions) {
    if ("webhookUrl" in options) {
      this.#poster = new DiscordWebhookPoster({
        url: options.webhookUrl,
        username: options.username ?? "actor alerts",
        ...(options.rest === undefined ? {} : { rest: options.rest }),
      });
      this.#destination = "";
    } else {
      if (typeof options?.destination !== "string" || options.destination.trim() === "") {
        throw new ActorError(
          "invalid-config",
          "DiscordAlertSink needs the ops channel in options.destination",
          { context: { platform: "discord", key: "destination" } },
        );
      }
      this.#poster = options.poster;
      this.#destination = options.destination;
    }
  }

  /** Posts the alert; rejects with the poster's `ActorError` when Discord refuses it. */
  async send(alert: DiscordAlert): Promise<void> {
    const at =
      alert.at instanceof Date && !Number.isNaN(alert.at.getTime())
        ? alert.at.toISOString()
        : "unknown-time";
    await this.#poster.post(alertContent(alert), this.#destination, {
      idempotencyKey: `alert:${String(alert.taskId)}@${at}`,
      signal: AbortSignal.timeout(30_000),
    });
  }
}

/** The Discord message of an alert: a red embed, every field within Discord's limits. */
export function alertContent(alert: DiscordAlert): DiscordContent {
  const cut = (text: string, limit: number) =>
    text.length <= limit ? text : `${splitMessageText(text, limit - 1)[0] ?? ""}…`;
  const at =
    alert.at instanceof Date && !Number.isNaN(alert.at.getTime())
      ? alert.at.toISOString()
      : undefined;
  const lastError =
    `${alert.lastError?.code ?? "unknown"}: ${alert.lastError?.message ?? ""}`.trim();
  const taskId = String(alert.taskId);
  return {
    text: cut(
      `Circuit open: task \`${taskId}\` is paused until it is resumed.`,
      DISCORD_LIMITS.content,
    ),
    embeds: [
      {
        title: cut(`Circuit open: ${taskId}`, DISCORD_LIMITS.embedTitle),
        color: RED,
        ...(at === undefined ? {} : { timestamp: at }),
        fields: [
          {
            name: "Actor",
            value: cut(String(alert.actorName ?? "") || "-", DISCORD_LIMITS.embedFieldValue),
            inline: true,
          },
          {
            name: "Consecutive failures",
            value: String(alert.consecutiveFailures ?? "-"),
            inline: true,
          },
          {
            name: "Last error",
            value: cut(lastError, DISCORD_LIMITS.embedFieldValue),
          },
        ],
        footer: { text: "Resume the task once the cause is fixed." },
      },
    ],
  };
}
