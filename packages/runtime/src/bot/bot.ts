import {
  ActorError,
  MemoryStatePersistence,
  type Actor,
  type ActorStore,
  type Clock,
  type ContentPoster,
} from "@actor/core";
import { parseSchedule, type ScheduleInput, type ScheduleOptions } from "@actor/schedule";
import { ActorServerBuilder } from "../control/builder.js";
import type { ServerOptions } from "../control/options.js";
import type { RuntimeEvents } from "../control/events.js";
import { ConsolePoster } from "../posters/console-poster.js";
import type { ScheduledActorServer } from "../control/server.js";
import { handleShutdownSignals } from "../shutdown-signals.js";
import type { TaskDefinition, TaskOptions } from "../control/task-definition.js";
import { DEFAULT_STATE_DIRECTORY, openDefaultStore } from "./default-store.js";
import { functionActor, type TaskFunction } from "./function-actor.js";
import { intervalSeconds, type IntervalInput } from "./interval-text.js";
import { stderrLogger, type RuntimeLogger } from "../control/logger.js";

/** Options of a {@link Bot}: where state goes, what posts, what is printed, who owns the signals. */
export interface BotOptions {
  /**
   * The store of task state and history. Default: JSON files in `stateDirectory`
   * (`@actor/persistence-json`); `new MemoryStatePersistence()` keeps nothing across restarts.
   */
  store?: ActorStore;
  /** Where the default store keeps state. Default `./.actor-state`. Ignored with `store`. */
  stateDirectory?: string;
  /** The poster skills such as `postSkill()` use. Default: a `ConsolePoster`. */
  poster?: ContentPoster<never, never, unknown>;
  /**
   * Where failed runs, paused tasks, engine errors (and, on `info`, start and stop) are reported: a
   * pino logger or anything with `info`/`warn`/`error(obj, msg)`. Default {@link botLogger}
   * (stop line on stdout, problems on stderr); `null`: nothing.
   */
  logger?: RuntimeLogger | null;
  /** Stop gracefully on SIGINT/SIGTERM (a second signal exits at once). Default true. */
  signals?: boolean;
  /** Engine options (concurrency, retries, timeouts...) for every task. */
  server?: ServerOptions;
  /** The source of time. Default: the system clock. */
  clock?: Clock;
}

/** Options of one task in the short form: its name, zone, misfire and run options. */
export interface BotTaskOptions extends ScheduleOptions, Omit<TaskOptions, "taskId"> {
  /** The task's id in stored state. Default: the function's name, else the schedule's text. */
  name?: string;
  /** IANA time zone of a cron expression. Default `UTC`. */
  timezone?: string;
}

/** The bot's default logger: the engine's stderr logger, plus `info` lines on stdout. */
export const botLogger: RuntimeLogger = Object.freeze({
  ...stderrLogger,
  info(_obj: object, msg?: string) {
    if (msg) process.stdout.write(`[actor] ${msg}\n`);
  },
});

const SILENT: RuntimeLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A set of tasks, run by one engine over one store: the short form for bots. Add tasks with
 * {@link Bot.schedule} (a cron expression or any schedule), {@link Bot.every} (an interval) or
 * {@link Bot.add} (any actor, e.g. a `SkillActor`), then `await bot.run()`: it starts, prints every
 * failure, stops gracefully on Ctrl-C and resolves once state is saved.
 *
 * @example
 * ```ts
 * const bot = new Bot();
 * bot.schedule("0 9 * * 1-5", { timezone: "Europe/Paris" }, async function morning() {
 *   console.log("good morning");
 * });
 * bot.every("15m", async function poll(ctx) {
 *   await fetch("https://example.com/poll", { signal: ctx.signal });
 * });
 * await bot.run();
 * ```
 */
export class Bot {
  readonly #options: BotOptions;
  readonly #logger: RuntimeLogger;
  readonly #tasks: TaskDefinition[] = [];
  #server: ScheduledActorServer | null = null;
  #running: Promise<void> | null = null;
  #stopRequested = false;
  readonly #listeners: ((server: ScheduledActorServer) => void)[] = [];

  constructor(options: BotOptions = {}) {
    this.#options = options;
    this.#logger = options.logger === null ? SILENT : (options.logger ?? botLogger);
  }

  /** The engine, once started (for `taskStatus`, `executeTask`, events...). */
  get server(): ScheduledActorServer | null {
    return this.#server;
  }

  /**
   * Runs `fn` on `when`: a cron expression (with `options.timezone`) or a typed schedule definition
   * (the canonical form or a documented alternative spelling, as `createSchedule` takes).
   */
  schedule(when: string | ScheduleInput, fn: TaskFunction): this;
  schedule(when: string | ScheduleInput, options: BotTaskOptions, fn: TaskFunction): this;
  schedule(
    when: string | ScheduleInput,
    optionsOrFn: BotTaskOptions | TaskFunction,
    maybeFn?: TaskFunction,
  ): this {
    const [options, fn] = splitArgs(optionsOrFn, maybeFn);
    const { name, timezone, jitterSeconds, misfire, maxCatchUp, ...task } = options;
    const extra = { jitterSeconds, misfire, maxCatchUp };
    const definition: ScheduleInput =
      typeof when === "string"
        ? { type: "cron", expression: when, ...(timezone === undefined ? {} : { timezone }) }
        : when;
    const label = typeof when === "string" ? when : describeDefinition(when);
    return this.#addFunction(withOptions(definition, extra), name, label, fn, task);
  }

  /** Runs `fn` every `interval` (`"10m"`, `"1h30m"`, `{ minutes: 10 }`), first at start. */
  every(interval: IntervalInput, fn: TaskFunction): this;
  every(interval: IntervalInput, options: BotTaskOptions, fn: TaskFunction): this;
  every(
    interval: IntervalInput,
    optionsOrFn: BotTaskOptions | TaskFunction,
    maybeFn?: TaskFunction,
  ): this {
    const [options, fn] = splitArgs(optionsOrFn, maybeFn);
    const { name, timezone: _zone, jitterSeconds, misfire, maxCatchUp, ...task } = options;
    const seconds = intervalSeconds(interval);
    const definition = withOptions(
      { type: "interval", seconds },
      { jitterSeconds, misfire, maxCatchUp },
    );
    return this.#addFunction(definition, name, `every ${seconds}s`, fn, task);
  }

  /** Listens to an engine event (`run:finish`, `task:paused`...) once the engine is built. */
  on<K extends keyof RuntimeEvents>(event: K, listener: (payload: RuntimeEvents[K]) => void): this {
    this.#listeners.push((server) => server.on(event, listener));
    if (this.#server) this.#server.on(event, listener);
    return this;
  }

  /** Adds any actor (a `SkillActor`, your own class) on a schedule, as the builder's `.actor()`. */
  add(actor: Actor, schedule: ScheduleInput, options?: TaskOptions): this {
    this.#tasks.push(options === undefined ? { actor, schedule } : { actor, schedule, options });
    return this;
  }

  /**
   * Opens the store (the default one unless given), starts the engine and, unless `signals: false`,
   * stops it on SIGINT/SIGTERM. Resolves once the server has stopped and the store it opened is
   * closed. Rejects on an invalid task or a store that cannot be opened.
   */
  run(): Promise<void> {
    this.#running ??= this.#run();
    return this.#running;
  }

  /** Stops gracefully (runs finish, state is saved); resolves when {@link run} has finished. */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    await this.#server?.shutdown();
    await this.#running?.catch(() => {});
  }

  async #run(): Promise<void> {
    if (this.#tasks.length === 0) {
      throw new ActorError(
        "invalid-config",
        "Bot.run(): no task; add one with schedule(), every() or add()",
      );
    }
    const { store, owned } = this.#options.store
      ? { store: this.#options.store, owned: false }
      : await openDefaultStore({
          ...(this.#options.stateDirectory === undefined
            ? {}
            : { directory: this.#options.stateDirectory }),
          ...(this.#options.clock ? { clock: this.#options.clock } : {}),
        });
    const releaseSignals =
      this.#options.signals === false
        ? () => {}
        : handleShutdownSignals({ shutdown: () => this.stop() });
    try {
      const builder = new ActorServerBuilder()
        .store(store)
        .poster((this.#options.poster ?? new ConsolePoster()) as ContentPoster)
        .options({ logger: this.#logger, ...this.#options.server });
      if (this.#options.clock) builder.clock(this.#options.clock);
      for (const t of this.#tasks) builder.actor(t.actor, t.schedule, t.options);
      const server = builder.build();
      this.#server = server;
      for (const attach of this.#listeners) attach(server);
      if (this.#stopRequested) return;
      await server.runForever({ signals: false });
    } finally {
      releaseSignals();
      if (owned) await store.close();
    }
    this.#logger.info(
      {},
      store instanceof MemoryStatePersistence
        ? "stopped (state was kept in memory only)"
        : `stopped; state saved${owned ? ` in ${this.#options.stateDirectory ?? DEFAULT_STATE_DIRECTORY}` : ""}`,
    );
  }

  #addFunction(
    schedule: ScheduleInput,
    name: string | undefined,
    label: string,
    fn: TaskFunction,
    options: Omit<TaskOptions, "taskId">,
  ): this {
    const taskId = name ?? (fn.name !== "" ? fn.name : label);
    // Validated now, so a bad cron or zone fails at the line that wrote it.
    const definition = parseSchedule(schedule, { taskId, actorName: taskId });
    if (this.#tasks.some((t) => (t.options?.taskId ?? t.actor.name) === taskId)) {
      throw new ActorError(
        "invalid-config",
        `task "${taskId}" is defined twice; give one of them a different { name }`,
        { context: { taskId } },
      );
    }
    const actor = functionActor(taskId, fn);
    return this.add(actor, definition, { ...options, taskId });
  }
}

function splitArgs(
  optionsOrFn: BotTaskOptions | TaskFunction,
  maybeFn: TaskFunction | undefined,
): [BotTaskOptions, TaskFunction] {
  if (typeof optionsOrFn === "function") return [{}, optionsOrFn];
  if (typeof maybeFn !== "function") {
    throw new ActorError("invalid-config", "the last argument must be the task's async function");
  }
  return [optionsOrFn ?? {}, maybeFn];
}

function withOptions(
  definition: ScheduleInput,
  extra: { [K in keyof ScheduleOptions]: ScheduleOptions[K] | undefined },
): ScheduleInput {
  const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
  // An option also given under another spelling in `definition` is refused by parseSchedule.
  return { ...definition, ...defined } as ScheduleInput;
}

/** A label for a task without a name: the input's `type` may be in any accepted case. */
function describeDefinition(definition: ScheduleInput): string {
  switch (definition.type.toLowerCase()) {
    case "cron":
      return "expression" in definition ? definition.expression : "cron";
    case "interval":
      return "seconds" in definition ? `every ${definition.seconds}s` : "interval";
    case "once":
      return "at" in definition
        ? `once ${definition.at instanceof Date ? definition.at.toISOString() : definition.at}`
        : "once";
    default:
      return "at start";
  }
}
