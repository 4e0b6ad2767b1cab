import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  ActorError,
  isActorError,
  type Clock,
  type InstanceRecord,
  type InstanceRegistry,
  type TimerHandle,
} from "@actor/core";

/**
 * This process's registration under its instance id: registered at start (a second live process
 * with the same id is refused), renewed on a clock timer together with the housekeeping that has
 * to happen while the engine runs (the sweep of dead runs), and removed at shutdown.
 *
 * @example
 * ```ts
 * const presence = new InstancePresence(store, clock, "bot-1", 60_000, () => sweep(), console.error);
 * await presence.register();
 * presence.start();
 * await presence.stop();
 * ```
 */
export class InstancePresence {
  /** Random per start: tells this process from an earlier (dead) one with the same id. */
  readonly incarnation = randomUUID();
  #timer: TimerHandle | null = null;
  /** The beat in progress (renewal, then the sweep of dead runs), awaited by `stop`. */
  #beating: Promise<void> | null = null;
  #registered = false;
  #running = false;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly clock: Clock,
    private readonly instanceId: string,
    private readonly ttlMs: number,
    private readonly onBeat: () => Promise<void>,
    private readonly onError: (error: unknown, operation: string) => void,
  ) {}

  /**
   * Registers this incarnation. Rejects with `ActorError("conflict")` when another live process
   * holds the id. Returns the previous incarnation (dead or stopped), if any.
   */
  async register(): Promise<InstanceRecord | null> {
    const now = this.clock.now();
    const record: InstanceRecord = {
      instanceId: this.instanceId,
      incarnation: this.incarnation,
      host: hostname(),
      pid: process.pid,
      startedAt: now,
      heartbeatAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    try {
      const { previous } = await this.registry.registerInstance(record);
      this.#registered = true;
      return previous;
    } catch (error) {
      if (isActorError(error) && error.code === "conflict") {
        throw new ActorError(
          "conflict",
          `cannot start: ${error.message} (options.instanceId = "${this.instanceId}")`,
          { cause: error, context: { ...error.context, key: "options.instanceId" } },
        );
      }
      throw ActorError.from(error);
    }
  }

  /** Starts renewing the registration (and running `onBeat`) every third of the TTL. */
  start(): void {
    this.#running = true;
    this.#arm();
  }

  /**
   * Stops the timer, waits for a beat in progress (its sweep may be closing dead runs: it must not
   * reach the store after shutdown), and removes the registration (a clean stop frees the id at
   * once).
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = null;
    await this.#beating;
    if (!this.#registered) return;
    this.#registered = false;
    await this.registry
      .unregisterInstance(this.instanceId, this.incarnation)
      .catch((error: unknown) => this.onError(error, "unregister instance"));
  }

  /** Stops the timer without touching the store (a crash: the registration lapses on its own). */
  abandon(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(Math.max(1, this.ttlMs / 3), () => {
      this.#beating = this.#beat().finally(() => (this.#beating = null));
    });
  }

  async #beat(): Promise<void> {
    this.#timer = null;
    if (!this.#running) return;
    const now = this.clock.now();
    try {
      const held = await this.registry.renewInstance(
        this.instanceId,
        this.incarnation,
        now,
        new Date(now.getTime() + this.ttlMs),
      );
      if (!held && this.#running) {
        this.onError(
          new ActorError(
            "conflict",
            `instance id "${this.instanceId}" was taken over by another process (this process missed its renewals); give each process its own instanceId`,
          ),
          "renew instance",
        );
      }
    } catch (error) {
      this.onError(error, "renew instance");
    }
    if (this.#running) {
      try {
        await this.onBeat();
      } catch (error) {
        this.onError(error, "sweep dead runs");
      }
    }
    if (this.#running && !this.#timer) this.#arm();
  }
}
