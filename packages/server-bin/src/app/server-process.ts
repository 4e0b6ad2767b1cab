import { ActorError, type ActorStore } from "@actor/core";
import { ActorServerBuilder, type ScheduledActorServer } from "@actor/runtime";
import { compose, type Composition } from "../compose/composition.js";
import type { ServerConfig } from "../config/types.js";
import type { LoggerSlice } from "../observe/logger.js";
import { ServerMetrics } from "../observe/metrics.js";
import { observeServer } from "./log-events.js";
import { taskDefinitions } from "./task-definitions.js";

/** What a {@link ServerProcess} needs from its host. */
export interface ServerProcessIo {
  logger: LoggerSlice;
  /** Where the console poster prints. */
  writeConsole: (text: string) => void;
  /** Reads and validates the configuration again (for reload). */
  reloadConfig: () => Promise<ServerConfig>;
}

/** Result of a reload. */
export type ReloadResult =
  { ok: true; tasks: number; restartNeeded: string[] } | { ok: false; error: string };

/**
 * One running `actor-server`: the composed parts, the engine, its metrics and the reload logic.
 * A reload re-reads the configuration; when it is invalid the running configuration stays and the
 * reason is returned (and logged).
 *
 * @example
 * ```ts
 * const proc = await ServerProcess.start(config, io);
 * await proc.reload();
 * await proc.stop();
 * ```
 */
export class ServerProcess {
  readonly metrics: ServerMetrics;
  #config: ServerConfig;
  #reloading: Promise<ReloadResult> | null = null;
  #stopping: Promise<void> | null = null;

  private constructor(
    config: ServerConfig,
    readonly parts: Composition,
    readonly server: ScheduledActorServer,
    metrics: ServerMetrics,
    readonly io: ServerProcessIo,
  ) {
    this.#config = config;
    this.metrics = metrics;
  }

  /** Composes the parts, builds the engine and starts it. Closes the store if starting fails. */
  static async start(config: ServerConfig, io: ServerProcessIo): Promise<ServerProcess> {
    let server: ScheduledActorServer | null = null;
    const metrics = new ServerMetrics(() =>
      server?.isRunning() ? server.listTasks() : Promise.resolve([]),
    );
    const parts = await compose(config, {
      logger: io.logger,
      counter: metrics,
      writeConsole: io.writeConsole,
    });
    try {
      const { timezone: _tz, logLevel: _level, ...options } = config.server;
      const builder = new ActorServerBuilder()
        .store(parts.store)
        .poster(parts.poster)
        .options({ ...options, logger: io.logger });
      if (parts.alerts) builder.alerts(parts.alerts);
      for (const def of taskDefinitions(config, parts))
        builder.actor(def.actor, def.schedule, def.options);
      server = builder.build();
      const proc = new ServerProcess(config, parts, server, metrics, io);
      observeServer(server, io.logger, metrics);
      await server.start();
      return proc;
    } catch (error) {
      await parts.store.close().catch(() => {});
      throw error;
    }
  }

  get config(): ServerConfig {
    return this.#config;
  }

  get store(): ActorStore {
    return this.parts.store;
  }

  /** Re-reads the configuration and applies its actors; an invalid one keeps the running config. */
  reload(): Promise<ReloadResult> {
    this.#reloading ??= this.#reload().finally(() => (this.#reloading = null));
    return this.#reloading;
  }

  async #reload(): Promise<ReloadResult> {
    const { logger } = this.io;
    let next: ServerConfig;
    try {
      next = await this.io.reloadConfig();
      await this.server.reload(taskDefinitions(next, this.parts));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ error: message }, "reload failed; the running configuration is kept");
      return { ok: false, error: message };
    }
    const restartNeeded = changedSections(this.#config, next);
    this.#config = next;
    const tasks = next.actors.filter((a) => a.enabled).length;
    logger.info(
      { tasks, ...(restartNeeded.length > 0 && { restartNeeded }) },
      restartNeeded.length > 0
        ? "configuration reloaded; some sections apply only after a restart"
        : "configuration reloaded",
    );
    return { ok: true, tasks, restartNeeded };
  }

  /** Graceful shutdown: the engine drains its runs, then the store is closed. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.server.shutdown();
      await this.parts.store.close();
    })();
    return this.#stopping;
  }

  /** Whether the scheduler runs and the store answers (for `/ready`). */
  async ready(): Promise<{ ready: boolean; reason?: string }> {
    if (!this.server.isRunning())
      return { ready: false, reason: `the scheduler is ${this.server.phase}` };
    try {
      await withTimeout(this.parts.store.loadTask("__actor_ready_probe__"), 2000);
      return { ready: true };
    } catch (error) {
      return {
        ready: false,
        reason: `the state store does not answer: ${ActorError.from(error).message}`,
      };
    }
  }
}

function changedSections(before: ServerConfig, after: ServerConfig): string[] {
  const pick = (c: ServerConfig) => ({
    server: c.server,
    persistence: c.persistence,
    discord: c.discord,
    http: c.http,
    alerts: c.alerts,
  });
  const a = pick(before);
  const b = pick(after);
  return (Object.keys(a) as (keyof typeof a)[])
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `[${k}]`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ActorError("timeout", `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
