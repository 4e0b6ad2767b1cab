import {
  ActorError,
  type Actor,
  type ActorStore,
  type Clock,
  type ContentPoster,
} from "@actor/core";
import type { ScheduleType } from "@actor/schedule";
import type { AlertSink } from "./alerts.js";
import { resolveServerOptions, type ServerOptions } from "./options.js";
import { ScheduledActorServer } from "./server.js";
import type { TaskDefinition, TaskOptions } from "./task-definition.js";

const POSITIVE: readonly (keyof ServerOptions)[] = [
  "maxConcurrency",
  "leaseTtlSeconds",
  "maxTimerStepSeconds",
  "pruneIntervalSeconds",
];
const NON_NEGATIVE: readonly (keyof ServerOptions)[] = [
  "timeoutSeconds",
  "retries",
  "backoffBaseSeconds",
  "backoffMaxSeconds",
  "maxConsecutiveFailures",
  "shutdownTimeoutSeconds",
  "misfireGraceSeconds",
  "historyKeepPerTask",
  "historyMaxAgeDays",
];

/**
 * Assembles a {@link ScheduledActorServer}. Only `persistence` is required; the task list may be
 * empty (tasks can come later through `reload`). Problems are reported at `build()` as
 * `ActorError("invalid-config")` naming the part at fault.
 *
 * @example
 * ```ts
 * const server = new ActorServerBuilder()
 *   .persistence(new MemoryStatePersistence())
 *   .poster(new ConsolePoster())
 *   .actor(morningPost, { type: "cron", expression: "0 9 * * *", timezone: "America/New_York" }, { destination: "general" })
 *   .alerts(new WebhookAlertSink({ url: "https://hooks.example.com/alerts" }))
 *   .options({ maxConcurrency: 8, retries: 3 })
 *   .build();
 * await server.runForever();
 * ```
 */
export class ActorServerBuilder {
  #store: ActorStore | null = null;
  #poster: ContentPoster | null = null;
  #clock: Clock | null = null;
  #alerts: AlertSink | null = null;
  #options: ServerOptions = {};
  #services: Record<string, unknown> = {};
  readonly #tasks: TaskDefinition[] = [];

  /** The store of task state, history, post history and leases. Required. */
  persistence(store: ActorStore): this {
    this.#store = store;
    return this;
  }

  /** The poster runs see as `ctx.services.poster`. */
  poster(poster: ContentPoster): this {
    this.#poster = poster;
    return this;
  }

  /** Adds a task running `actor` on `schedule` (task id: `options.taskId`, default the actor's name). */
  actor(actor: Actor, schedule: ScheduleType, options?: TaskOptions): this {
    this.#tasks.push(options === undefined ? { actor, schedule } : { actor, schedule, options });
    return this;
  }

  /** The source of time. Default: the system clock. */
  clock(clock: Clock): this {
    this.#clock = clock;
    return this;
  }

  /** Where circuit-open alerts go. */
  alerts(sink: AlertSink): this {
    this.#alerts = sink;
    return this;
  }

  /** Server options, merged over earlier calls and then over `DEFAULT_SERVER_OPTIONS`. */
  options(options: ServerOptions): this {
    this.#options = { ...this.#options, ...options };
    return this;
  }

  /** Extra services merged into every run's `ctx.services`. */
  services(services: Record<string, unknown>): this {
    this.#services = { ...this.#services, ...services };
    return this;
  }

  build(): ScheduledActorServer {
    if (!this.#store) {
      throw new ActorError(
        "invalid-config",
        "ActorServerBuilder: persistence is missing; call .persistence(store) (e.g. new MemoryStatePersistence())",
        {
          context: { key: "persistence" },
        },
      );
    }
    validateOptions(this.#options);
    return new ScheduledActorServer({
      store: this.#store,
      poster: this.#poster,
      alerts: this.#alerts,
      options: this.#options,
      tasks: this.#tasks,
      services: this.#services,
      ...(this.#clock ? { clock: this.#clock } : {}),
    });
  }
}

function validateOptions(options: ServerOptions): void {
  const resolved = resolveServerOptions(options);
  const bad = (key: string, want: string) =>
    new ActorError(
      "invalid-config",
      `ActorServerBuilder: option ${key} must be ${want}, got ${String(resolved[key as keyof ServerOptions])}`,
      {
        context: { key: `options.${key}` },
      },
    );
  for (const key of POSITIVE) {
    const v = resolved[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw bad(key, "a number > 0");
  }
  for (const key of NON_NEGATIVE) {
    const v = resolved[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw bad(key, "a number >= 0");
  }
  if (typeof resolved.instanceId !== "string" || resolved.instanceId === "")
    throw bad("instanceId", "a non-empty string");
  if (typeof resolved.random !== "function") throw bad("random", "a function returning [0, 1)");
}
