import {
  ActorError,
  GenericActorManager,
  systemClock,
  type ActorServer,
  type ActorStore,
  type Clock,
  type ContentPoster,
  type ExecutionRecord,
  type ScheduledServer,
  type TaskStatus,
} from "@actor/core";
import type { AlertSink } from "./alerts.js";
import { assembleEngine, type EngineParts } from "./engine-parts.js";
import { TypedEmitter, type RuntimeEvents } from "./events.js";
import { closeDeadRuns } from "./dead-runs.js";
import { drainRuns } from "./graceful-shutdown.js";
import { handleShutdownSignals } from "../shutdown-signals.js";
import { silentLogger, type RuntimeLogger } from "./logger.js";
import { parseServerOptions } from "./options-schema.js";
import { resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from "./options.js";
import type { TaskControl } from "./task-control.js";
import { resolveTasks, type ResolvedTask, type TaskDefinition } from "./task-definition.js";
import type { TaskEntry } from "./task-entry.js";

/** Everything a {@link ScheduledActorServer} is made of; `ActorServerBuilder` assembles it. */
export interface ActorServerConfig {
  store: ActorStore;
  /** Given to runs as `ctx.services.poster`. */
  poster?: ContentPoster | null;
  clock?: Clock;
  alerts?: AlertSink | null;
  options?: ServerOptions;
  tasks?: readonly TaskDefinition[];
  /** Shared services merged into every run's `ctx.services`. */
  services?: Record<string, unknown>;
}

/** Options of {@link ScheduledActorServer.runForever}. */
export interface RunForeverOptions {
  /** Stop gracefully on SIGINT/SIGTERM while running. Default true. */
  signals?: boolean;
}

/** Where a server is in its life. */
export type ServerPhase = "idle" | "starting" | "running" | "stopping" | "stopped";

/**
 * The engine: schedules tasks on one timer, runs them in a bounded pool with timeouts, retries,
 * overlap and misfire policies and a circuit breaker, persists every state change, recovers after
 * a crash and shuts down gracefully. Build it with `ActorServerBuilder`.
 *
 * @example
 * ```ts
 * const server = new ActorServerBuilder()
 *   .store(new MemoryStatePersistence())
 *   .actor(hello, { type: "cron", expression: "0 9 * * *", timezone: "Europe/Paris" })
 *   .build();
 * server.on("run:finish", (e) => console.log(e.taskId, e.status));
 * await server.start();
 * process.once("SIGTERM", () => void server.shutdown());
 * ```
 */
export class ScheduledActorServer
  implements ActorServer<readonly TaskDefinition[]>, ScheduledServer
{
  readonly options: ResolvedServerOptions;
  /** The actor registry, by actor name. */
  readonly actors = new GenericActorManager<string>();
  readonly #store: ActorStore;
  readonly #clock: Clock;
  readonly #alerts: AlertSink | null;
  readonly #events = new TypedEmitter<RuntimeEvents>();
  readonly #logger: RuntimeLogger;
  readonly #shared: Readonly<Record<string, unknown>>;
  readonly #tasks = new Map<string, TaskEntry>();
  #definitions: ResolvedTask[];
  #phase: ServerPhase = "idle";
  #parts: EngineParts | null = null;
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #forever: (() => void)[] = [];

  constructor(config: ActorServerConfig) {
    this.options = resolveServerOptions(parseServerOptions(config.options ?? {}) as ServerOptions);
    this.#logger = this.options.logger ?? silentLogger;
    this.#store = config.store;
    this.#clock = config.clock ?? systemClock;
    this.#alerts = config.alerts ?? null;
    // The engine's logger is a default: a service of the same name given by the caller wins.
    this.#shared = {
      logger: this.#logger,
      ...config.services,
      poster: config.poster ?? null,
      store: config.store,
    };
    this.#definitions = resolveTasks(config.tasks ?? [], this.options);
    this.#syncActors();
  }

  /** This process's id in leases and execution records. */
  get instanceId(): string {
    return this.options.instanceId;
  }

  get phase(): ServerPhase {
    return this.#phase;
  }

  /** Listens to an engine event; returns a function that stops listening. */
  on<K extends keyof RuntimeEvents>(
    event: K,
    listener: (payload: RuntimeEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  isRunning(): boolean {
    return this.#phase === "running";
  }

  async start(): Promise<void> {
    if (this.#phase === "running") return;
    if (this.#phase === "stopping") await this.#stopping;
    this.#starting ??= this.#start().finally(() => (this.#starting = null));
    await this.#starting;
  }

  async #start(): Promise<void> {
    this.#phase = "starting";
    const now = this.#clock.now();
    const parts = assembleEngine({
      store: this.#store,
      actors: this.actors,
      clock: this.#clock,
      options: this.options,
      events: this.#events,
      logger: this.#logger,
      alerts: this.#alerts,
      tasks: this.#tasks,
      shared: this.#shared,
    });
    this.#parts = parts;
    try {
      // Registered first: a second live process with this instance id refuses to start here,
      // and once registered, every run still `running` under this id is from a dead process.
      await parts.presence.register();
    } catch (error) {
      this.#phase = "idle";
      throw ActorError.from(error);
    }
    try {
      await closeDeadRuns({
        store: this.#store,
        leaser: parts.leaser,
        instanceId: this.options.instanceId,
        now,
        ownAreDead: true,
        isBusy: () => false,
      });
      await parts.control.install(this.#definitions, now);
    } catch (error) {
      this.#phase = "idle";
      await parts.presence.stop();
      throw ActorError.from(error);
    }
    parts.dispatcher.start(now.getTime());
    parts.presence.start();
    parts.pruner.start();
    this.#phase = "running";
  }

  /** Same as {@link shutdown}. */
  stop(): Promise<void> {
    return this.shutdown();
  }

  async shutdown(): Promise<void> {
    if (this.#phase === "starting") await this.#starting?.catch(() => {});
    if (this.#phase === "stopping") return this.#stopping!;
    if (this.#phase !== "running") return;
    this.#phase = "stopping";
    this.#stopping = this.#shutdown().finally(() => {
      this.#phase = "stopped";
      this.#stopping = null;
      const waiters = this.#forever;
      this.#forever = [];
      for (const resolve of waiters) resolve();
    });
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    const { pruner, dispatcher, heartbeat, leaser, presence } = this.#parts!;
    // The engine's timers do not keep the process alive; shutdown does, until it is done (an
    // `await server.shutdown()` at the top level must not let the process exit half-way).
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      pruner.stop();
      const timeoutMs = this.options.shutdownTimeoutSeconds * 1000;
      // What is written after the runs (their records, the leases, the registration) gets at most
      // this long each phase, so a slow store cannot stretch the deadline without bound.
      const graceMs = Math.min(5_000, Math.max(100, timeoutMs));
      await drainRuns(dispatcher, this.#clock, timeoutMs, graceMs);
      heartbeat.stop();
      const released = leaser
        .release([...this.#tasks.keys()])
        .catch((error: unknown) => dispatcher.error(error, "release leases"));
      await withinMs(this.#clock, graceMs, Promise.all([released, presence.stop()]));
    } finally {
      clearInterval(keepAlive);
    }
  }

  /**
   * Stops this server as a killed process would stop: every timer is cancelled, nothing is
   * written, closed or released afterwards, and runs in flight are left as they are (their records
   * stay `running`, their leases and the instance registration lapse on their own). For in-process
   * crash tests; a real server is stopped with {@link shutdown}.
   */
  abandon(): void {
    const parts = this.#parts;
    this.#phase = "stopped";
    if (!parts) return;
    parts.pruner.stop();
    parts.heartbeat.stop();
    parts.presence.abandon();
    parts.dispatcher.abandon();
    const waiters = this.#forever;
    this.#forever = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * Starts if needed and resolves after shutdown. The engine's own timers are `unref`'d; while
   * this promise is pending a single idle handle keeps the process alive. Unless
   * `{ signals: false }` (for embedders who own the process's signals), SIGINT and SIGTERM shut
   * down gracefully while it runs (a second signal exits at once); the handlers are removed when it
   * resolves.
   */
  async runForever(options: RunForeverOptions = {}): Promise<void> {
    const release = options.signals === false ? () => {} : handleShutdownSignals(this);
    try {
      if (this.#phase !== "running") await this.start();
    } catch (error) {
      release();
      throw error;
    }
    const keepAlive = setInterval(() => {}, 1 << 30);
    return new Promise<void>((resolve) => this.#forever.push(resolve)).finally(() => {
      clearInterval(keepAlive);
      release();
    });
  }

  async reload(definitions: readonly TaskDefinition[]): Promise<void> {
    const resolved = resolveTasks(definitions, this.options);
    this.#definitions = resolved;
    this.#syncActors();
    if (this.#phase === "running") await this.#parts!.control.reload(resolved, this.#clock.now());
  }

  async executeTask(taskId: string): Promise<ExecutionRecord> {
    return this.#running().executeTask(taskId);
  }

  async taskStatus(taskId: string): Promise<TaskStatus> {
    return this.#running().taskStatus(taskId);
  }

  async listTasks(): Promise<TaskStatus[]> {
    return this.#running().listTasks();
  }

  async pauseTask(taskId: string): Promise<TaskStatus> {
    return this.#running().pauseTask(taskId);
  }

  async resumeTask(taskId: string): Promise<TaskStatus> {
    return this.#running().resumeTask(taskId);
  }

  #running(): TaskControl {
    if (this.#phase !== "running" || !this.#parts) {
      throw new ActorError("invalid-state", `the server is ${this.#phase}; call start() first`);
    }
    return this.#parts.control;
  }

  #syncActors(): void {
    const wanted = new Map(this.#definitions.map((t) => [t.actor.name, t.actor]));
    for (const name of this.actors.registeredActors()) {
      if (wanted.get(name) !== this.actors.getActor(name)) this.actors.unregisterActor(name);
    }
    for (const [name, actor] of wanted)
      if (!this.actors.isRegistered(name)) this.actors.registerActor(name, actor);
  }
}

/** Waits for `work` at most `ms` on `clock` (what is left keeps going unobserved). */
async function withinMs(clock: Clock, ms: number, work: Promise<unknown>): Promise<void> {
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<void>((resolve) => (timer = clock.setTimer(ms, resolve)));
  await Promise.race([work.then(() => {}), timeout]);
  timer?.cancel();
}
