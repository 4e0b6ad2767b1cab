import type { Clock, TimerHandle } from "@actor/core";
import { DueQueue, type DueItem } from "./due-queue.js";

/** Options of {@link DueTimer}. */
export interface DueTimerOptions {
  clock: Clock;
  /** The timer never sleeps longer than this; a long wait is re-armed in steps. */
  maxStepMs: number;
  /** A wake-up later than expected by more than this calls `onLate`. */
  lateThresholdMs: number;
  /**
   * Called with each item due at `now`, in heap order, just after it left the queue. With
   * `keepPopped` the item object is reused when its key is set again: read it before that.
   */
  onDue(item: DueItem, now: number): void;
  /** Keep popped keys' entries for reuse (keys that come back, such as tasks). Default false. */
  keepPopped?: boolean;
  /** Called when the timer woke up `actual - expected` ms late (suspend, clock jump, busy loop). */
  onLate?(expected: number, actual: number): void;
}

/**
 * One timer for a whole process over a {@link DueQueue}: it sleeps until the earliest item (at
 * most `maxStepMs` at a time), then hands over everything due. Idle cost is one wake-up per step,
 * whatever the number of queued items.
 *
 * @example
 * ```ts
 * const timer = new DueTimer({ clock, maxStepMs: 60_000, lateThresholdMs: 1_000, onDue: (item) => run(item.key) });
 * timer.start();
 * timer.set("daily", Date.parse("2026-01-01T09:00:00Z"));
 * ```
 */
export class DueTimer {
  readonly queue = new DueQueue();
  readonly #options: DueTimerOptions;
  #handle: TimerHandle | null = null;
  /** When the armed timer should fire, and the item time it was armed for. */
  #expectedWake = 0;
  #armedFor = Number.POSITIVE_INFINITY;
  #running = false;
  #dispatching = false;

  constructor(options: DueTimerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    this.#handle?.cancel();
    this.#handle = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  /** Queues (or moves) `key` to fire at `at` for `slot`. */
  set(key: string, at: number, slot: number = at): void {
    this.queue.set(key, at, slot);
    if (at < this.#armedFor && !this.#dispatching) this.#arm();
  }

  delete(key: string): boolean {
    return this.queue.delete(key);
  }

  #arm(): void {
    this.#handle?.cancel();
    this.#handle = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const top = this.queue.peek();
    if (!this.#running || !top) return;
    const now = this.#options.clock.now().getTime();
    const delay = Math.max(0, Math.min(top.at - now, this.#options.maxStepMs));
    this.#expectedWake = now + delay;
    this.#armedFor = top.at;
    this.#handle = this.#options.clock.setTimer(delay, () => this.#wake());
  }

  #wake(): void {
    this.#handle = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    if (!this.#running) return;
    const now = this.#options.clock.now().getTime();
    const late = now - this.#expectedWake;
    if (late > this.#options.lateThresholdMs) this.#options.onLate?.(this.#expectedWake, now);
    // Items set while dispatching (a next slot already due, say) wait for the immediate re-arm,
    // so a wake-up always ends.
    const limit = this.queue.nextSeq;
    const keep = this.#options.keepPopped === true;
    this.#dispatching = true;
    try {
      for (let top = this.queue.peek(); top && top.at <= now && top.seq < limit;) {
        this.queue.pop(keep);
        this.#options.onDue(top, now);
        top = this.queue.peek();
      }
    } finally {
      this.#dispatching = false;
      this.#arm();
    }
  }
}
