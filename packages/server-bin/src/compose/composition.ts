import type { ActorStore, ContentPoster } from "@actor/core";
import { DiscordAlertSink, DiscordPoster, DiscordWebhookPoster } from "@actor/discord";
import { JsonStatePersistence } from "@actor/persistence-json";
import { PostgresStatePersistence } from "@actor/persistence-pg";
import { ConsolePoster, WebhookAlertSink, type Alert, type AlertSink } from "@actor/runtime";
import type { ActorTarget, PersistencePlan, ServerConfig } from "../config/types.js";
import type { LoggerSlice } from "../observe/logger.js";
import { CountingPoster, type PostCounter } from "./counting-poster.js";

/** The parts `actor-server` hands to the runtime. */
export interface Composition {
  store: ActorStore;
  /** The default poster (Discord bot, or the console poster without credentials). */
  poster: ContentPoster;
  /** The poster and destination of one actor (a webhook actor has a poster of its own). */
  targetOf(target: ActorTarget): { poster: ContentPoster; destination: string | undefined };
  alerts: AlertSink | null;
  /** One line per part, for logs and `--check`. */
  summary: { persistence: string; poster: string; alerts: string };
}

/** What composition needs besides the config. */
export interface ComposeDeps {
  logger: LoggerSlice;
  counter: PostCounter;
  /** Where the console poster prints. */
  writeConsole: (text: string) => void;
}

/**
 * The one place that chooses persistence, posters and alert sinks from a {@link ServerConfig}:
 * JSON state in a directory (the embedded default) or PostgreSQL; the Discord bot poster when a
 * token is configured, a webhook poster per webhook actor, else the console poster; a webhook and/or
 * Discord alert sink.
 *
 * @example
 * ```ts
 * const parts = await compose(config, { logger, counter: metrics, writeConsole: (t) => process.stdout.write(t) });
 * ```
 */
export async function compose(config: ServerConfig, deps: ComposeDeps): Promise<Composition> {
  const { logger, counter } = deps;
  const rest = config.discord.apiUrl === undefined ? {} : { rest: { api: config.discord.apiUrl } };
  const discordLogger = {
    warn: (data: Record<string, unknown>, msg: string) => logger.warn(data, msg),
  };
  const onRateLimited = () => counter.rateLimited();
  const consolePoster = new CountingPoster(
    new ConsolePoster({ write: deps.writeConsole }),
    counter,
  );
  const token = config.discord.token;
  const discord =
    token === undefined
      ? null
      : new CountingPoster(
          new DiscordPoster({ token, ...rest, logger: discordLogger }) as unknown as ContentPoster,
          counter,
        );
  const poster = discord ?? consolePoster;
  const sinks: AlertSink[] = [];
  if (config.alerts.webhookUrl !== undefined)
    sinks.push(new WebhookAlertSink({ url: config.alerts.webhookUrl }));
  if (config.alerts.discordChannel !== undefined) {
    if (discord === null)
      logger.warn(
        { channel: config.alerts.discordChannel },
        "[alerts] discord_channel is set but there is no Discord token; Discord alerts are off",
      );
    else
      sinks.push(
        new DiscordAlertSink({
          poster: discord.inner as never,
          destination: config.alerts.discordChannel,
        }),
      );
  }
  const webhooks = new Map<string, ContentPoster>();
  const store = await openStore(config.persistence, logger);
  return {
    store,
    poster,
    targetOf(target) {
      switch (target.kind) {
        case "channel":
          return { poster, destination: target.id };
        case "thread":
          return { poster, destination: target.id };
        case "named":
          return { poster, destination: target.name };
        case "webhook": {
          let webhook = webhooks.get(target.url);
          if (!webhook) {
            webhook = new CountingPoster(
              new DiscordWebhookPoster({
                url: target.url,
                logger: discordLogger,
                onRateLimited,
              }) as unknown as ContentPoster,
              counter,
            );
            webhooks.set(target.url, webhook);
          }
          return { poster: webhook, destination: "webhook" };
        }
        case "none":
          return { poster, destination: undefined };
      }
    },
    alerts: sinks.length === 0 ? null : sinks.length === 1 ? sinks[0]! : fanOut(sinks),
    summary: {
      persistence:
        config.persistence.type === "json"
          ? `json (${config.persistence.directory})`
          : `postgres (schema ${config.persistence.schema})`,
      poster: discord === null ? "console (no Discord token configured)" : "discord bot",
      alerts:
        sinks.length === 0
          ? "none"
          : [
              config.alerts.webhookUrl && "webhook",
              config.alerts.discordChannel && discord && "discord",
            ]
              .filter(Boolean)
              .join(" + "),
    },
  };
}

async function openStore(plan: PersistencePlan, logger: LoggerSlice): Promise<ActorStore> {
  const storeLogger = {
    info: (o: Record<string, unknown>, m: string) => logger.info(o, m),
    warn: (o: Record<string, unknown>, m: string) => logger.warn(o, m),
    error: (o: Record<string, unknown>, m: string) => logger.error(o, m),
  };
  if (plan.type === "json")
    return JsonStatePersistence.open({ directory: plan.directory, logger: storeLogger });
  return PostgresStatePersistence.open({
    connectionString: plan.url,
    schema: plan.schema,
    poolSize: plan.poolSize,
    logger: {
      warn: (message: string, details?: Record<string, unknown>) =>
        logger.warn(details ?? {}, message),
      error: (message: string, details?: Record<string, unknown>) =>
        logger.error(details ?? {}, message),
    },
  });
}

function fanOut(sinks: readonly AlertSink[]): AlertSink {
  return {
    async send(alert: Alert) {
      const results = await Promise.allSettled(sinks.map((s) => s.send(alert)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
