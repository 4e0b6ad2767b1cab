import {
  ActorError,
  type Actor,
  type ActorStore,
  type Clock,
  type ContentPoster,
} from "@actor/core";
import type { ScheduleInput } from "@actor/schedule";
import type { AlertSink } from "./alerts.js";
import { parseServerOptions } from "./options-schema.js";
import type { ServerOptions } from "./options.js";
import { servicesNeededBy, type ServiceNeed } from "../skills/services.js";
import { ScheduledActorServer } from "./server.js";
import type { TaskDefinition, TaskOptions } from "./task-definition.js";

/**
 * Assembles a {@link ScheduledActorServer}. Only `store` is required; the task list may be
 * empty (tasks can come later through `reload`). Problems are reported at `build()` as
 * `ActorError("invalid-config")` naming the part at fault.
 *
 * @example
 * ```ts
 * const server = new ActorServerBuilder()
 *   .store(new MemoryStatePersistence())
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
  #poster: ContentPoster<never, never, unknown> | null = null;
  #clock: Clock | null = null;
  #alerts: AlertSink | null = null;
  #options: ServerOptions = {};
  #services: Record<string, unknown> = {};
  readonly #tasks: TaskDefinition[] = [];

  /**
   * The store (an {@link ActorStore}) of task state, history, post history and leases. Required.
   * "Store" is the one name of this concept: the `ActorStore` type, this method, and the `store`
   * option of `Bot`.
   */
  store(store: ActorStore): this {
    this.#store = store;
    return this;
  }

  /**
   * Former name of {@link ActorServerBuilder.store}.
   *
   * @deprecated Use `.store(store)`. This alias will be removed in a future major release.
   */
  persistence(store: ActorStore): this {
    return this.store(store);
  }

  /**
   * The poster runs see as `ctx.services.poster` (and `postSkill()` uses by default). Any
   * `ContentPoster<C, D, P>` is accepted; one with its own message type `C` needs
   * `postSkill({ toMessage })` to turn the pipeline's `Content` into a `C`.
   */
  poster<C, D, P>(poster: ContentPoster<C, D, P>): this {
    this.#poster = poster;
    return this;
  }

  /**
   * Adds a task running `actor` on `schedule` (task id: `options.taskId`, default the actor's name).
   * `schedule` is typed: the canonical form or a documented alternative spelling
   * (`{ type: "Cron", expression, time_zone }`, an ISO string `at`); a definition of unknown shape
   * goes through `parseSchedule` first.
   */
  actor(actor: Actor, schedule: ScheduleInput, options?: TaskOptions): this {
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
        "ActorServerBuilder: the store is missing; call .store(store) (e.g. new MemoryStatePersistence())",
        {
          context: { key: "store" },
        },
      );
    }
    parseServerOptions(this.#options);
    checkServices(this.#tasks, this.#poster as ContentPoster | null, this.#services);
    return new ScheduledActorServer({
      store: this.#store,
      poster: this.#poster as ContentPoster | null,
      alerts: this.#alerts,
      options: this.#options,
      tasks: this.#tasks,
      services: this.#services,
      ...(this.#clock ? { clock: this.#clock } : {}),
    });
  }
}

/** Rejects a task whose skills need a service (poster, destination) nobody configured. */
function checkServices(
  tasks: readonly TaskDefinition[],
  poster: ContentPoster | null,
  services: Record<string, unknown>,
): void {
  for (const [index, def] of tasks.entries()) {
    const needs = servicesNeededBy(def.actor);
    if (needs.size === 0) continue;
    const own = def.options?.services ?? {};
    const name = def.actor.name;
    const taskId = def.options?.taskId ?? name;
    const skills = (need: ServiceNeed) =>
      needs
        .get(need)!
        .map((s) => `"${s}"`)
        .join(", ");
    if (needs.has("poster") && !poster && !services["poster"] && !own["poster"]) {
      throw new ActorError(
        "invalid-config",
        `ActorServerBuilder: task "${taskId}" (actor "${name}"): skill ${skills("poster")} posts, but no poster is configured; call .poster(poster) on the builder (e.g. .poster(new ConsolePoster()) to print instead of posting)`,
        { context: { taskId, actorName: name, key: "poster" } },
      );
    }
    if (
      needs.has("destination") &&
      def.options?.destination === undefined &&
      !services["destination"] &&
      !own["destination"]
    ) {
      throw new ActorError(
        "invalid-config",
        `ActorServerBuilder: task "${taskId}" (actor "${name}"): skill ${skills("destination")} needs a destination; pass it with .actor(actor, schedule, { destination: "<channel id>" }) or postSkill({ destination })`,
        { context: { taskId, actorName: name, key: `actors[${index}].options.destination` } },
      );
    }
  }
}
