import type { Clock, ExecutionLog, TimerHandle } from "@actor/core";

/** Options of {@link HistoryPruner}. */
export interface HistoryPrunerOptions {
  keepPerTask: number;
  maxAgeDays: number;
  intervalMs: number;
}

/**
 * Prunes the execution history by age and by count per task: once at start, then every
 * `intervalMs` on a clock timer. Running records are never pruned (the log guarantees it).
 *
 * @example
 * ```ts
 * const pruner = new HistoryPruner(store, clock, { keepPerTask: 200, maxAgeDays: 30, intervalMs: 3_600_000 }, console.error);
 * pruner.start();
 * ```
 */
export class HistoryPruner {
  #timer: TimerHandle | null = null;
  #running = false;

  constructor(
    private readonly log: ExecutionLog,
    private readonly clock: Clock,
    private readonly options: HistoryPrunerOptions,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.#running = true;
    void this.#tick();
  }

  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** Prunes now; returns how many records went. */
  async pruneNow(): Promise<number> {
    const olderThan = new Date(this.clock.now().getTime() - this.options.maxAgeDays * 86_400_000);
    return this.log.prune({ olderThan, maxPerTask: this.options.keepPerTask });
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    if (!this.#running) return;
    try {
      await this.pruneNow();
    } catch (error) {
      this.onError(error);
    }
    if (this.#running)
      this.#timer = this.clock.setTimer(this.options.intervalMs, () => void this.#tick());
  }
}
