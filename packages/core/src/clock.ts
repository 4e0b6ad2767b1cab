/** A pending timer created by a {@link Clock}. */
export interface TimerHandle {
  /** Cancels the timer; calling it after the timer fired is a no-op. */
  cancel(): void;
}

/**
 * The source of time for everything that schedules. The runtime never reads the wall clock
 * directly: it takes a `Clock` (the {@link systemClock} by default, a fake one in tests), so DST,
 * misfire and backoff behaviour can be tested in milliseconds.
 *
 * @example
 * ```ts
 * const clock: Clock = systemClock;
 * const timer = clock.setTimer(1_000, () => console.log("one second later", clock.now()));
 * timer.cancel();
 * ```
 */
export interface Clock {
  /** The current instant (UTC). */
  now(): Date;
  /**
   * Calls `callback` once after `delayMs` milliseconds (never before). Real clocks `unref` the
   * timer so a pending timer alone does not keep the process alive.
   */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Resolves after `delayMs`, or rejects with the signal's reason when `signal` aborts first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

/** Longest delay `setTimeout` accepts (about 24.8 days); longer waits are re-armed in steps. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The real clock: `Date.now()` and `setTimeout`, with timers `unref`'d. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
  sleep(delayMs, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(handle);
        reject(signal?.reason);
      };
      const handle = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};
