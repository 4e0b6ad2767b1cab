import { ActorError, type Clock } from "@actor/core";
import type { AttemptControl } from "./attempt-control.js";
import { DueTimer } from "./due-timer.js";

interface Watched {
  control: AttemptControl;
  taskId: string;
  actorName: string;
  timeoutMs: number;
}

/**
 * Timeouts of every attempt in flight on one clock timer (a second due-queue) instead of a timer
 * per run: `watch` files a deadline, `unwatch` drops it, and a deadline that passes aborts its
 * attempt with `ActorError("timeout")`.
 *
 * @example
 * ```ts
 * const deadlines = new AttemptDeadlines(clock, 60_000);
 * const key = deadlines.watch(control, 300_000, "daily", "poster");
 * deadlines.unwatch(key);
 * ```
 */
export class AttemptDeadlines {
  readonly #clock: Clock;
  readonly #timer: DueTimer;
  readonly #watched = new Map<string, Watched>();
  #seq = 0;

  constructor(clock: Clock, maxStepMs: number) {
    this.#clock = clock;
    this.#timer = new DueTimer({
      clock,
      maxStepMs,
      lateThresholdMs: Number.POSITIVE_INFINITY,
      onDue: (items) => {
        for (const item of items) {
          const watched = this.#watched.get(item.key);
          if (!watched) continue;
          this.#watched.delete(item.key);
          const { control, taskId, actorName, timeoutMs } = watched;
          control.abort(
            new ActorError("timeout", `run of ${taskId} exceeded ${timeoutMs / 1000}s`, {
              context: { taskId, actorName },
            }),
          );
        }
      },
    });
    this.#timer.start();
  }

  /** Aborts `control` with a `timeout` error once `timeoutMs` have passed; returns a key for {@link unwatch}. */
  watch(control: AttemptControl, timeoutMs: number, taskId: string, actorName: string): string {
    const key = String(++this.#seq);
    this.#watched.set(key, { control, taskId, actorName, timeoutMs });
    this.#timer.set(key, this.#clock.now().getTime() + timeoutMs);
    return key;
  }

  unwatch(key: string): void {
    if (this.#watched.delete(key)) this.#timer.delete(key);
  }

  /** Drops every deadline and the timer. */
  stop(): void {
    this.#timer.stop();
    this.#timer.queue.clear();
    this.#watched.clear();
  }
}
