import type { Clock, TaskLeaser, TimerHandle } from "@actor/core";

/**
 * Renews the leases of running tasks every `intervalMs` on one clock timer, armed only while
 * something runs. A lease that could not be renewed is reported through `onLost`.
 *
 * @example
 * ```ts
 * const heartbeat = new LeaseHeartbeat(leaser, clock, 20_000, (ids) => console.warn("lost", ids), console.error);
 * heartbeat.track("daily");
 * heartbeat.untrack("daily");
 * ```
 */
export class LeaseHeartbeat {
  readonly #tracked = new Set<string>();
  #timer: TimerHandle | null = null;
  #stopped = false;

  constructor(
    private readonly leaser: TaskLeaser,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onLost: (taskIds: string[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  track(taskId: string): void {
    this.#tracked.add(taskId);
    if (!this.#timer && !this.#stopped) this.#arm();
  }

  untrack(taskId: string): void {
    this.#tracked.delete(taskId);
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(this.intervalMs, () => void this.#beat());
  }

  async #beat(): Promise<void> {
    this.#timer = null;
    if (this.#stopped || this.#tracked.size === 0) return;
    const ids = [...this.#tracked];
    try {
      const held = new Set(
        (await this.leaser.renew(ids, this.clock.now())).map((lease) => lease.taskId),
      );
      const lost = ids.filter((id) => !held.has(id) && this.#tracked.has(id));
      if (lost.length > 0) this.onLost(lost);
    } catch (error) {
      this.onError(error);
    }
    if (!this.#stopped && this.#tracked.size > 0 && !this.#timer) this.#arm();
  }
}
