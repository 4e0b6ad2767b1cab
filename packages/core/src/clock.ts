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

/**
 * Longest delay `setTimeout` accepts (about 24.8 days). The {@link systemClock} clamps longer
 * delays to it, so such a timer fires early; callers that wait longer must re-arm themselves.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Resolves after `delayMs` on a timer from `setTimer`, or rejects with the signal's reason when
 * `signal` aborts first (at once if it already has), cancelling the timer. The shared body of
 * {@link Clock.sleep} implementations.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const sleeping = abortableSleep(systemClock.setTimer, 1_000, controller.signal);
 * controller.abort(new Error("stopped")); // `sleeping` rejects with that error
 * ```
 */
export function abortableSleep(
  setTimer: Clock["setTimer"],
  delayMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      handle.cancel();
      reject(signal?.reason);
    };
    const handle = setTimer(delayMs, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `delayMs` within what `setTimeout` accepts: 0 to {@link MAX_TIMER_DELAY_MS}. */
function clampDelay(delayMs: number): number {
  return Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS);
}

/** A `setTimeout` timer of the clamped delay; `unref`'d when `unref` is set. */
function startTimer(delayMs: number, callback: () => void, unref: boolean): TimerHandle {
  const handle = setTimeout(callback, clampDelay(delayMs));
  if (unref) handle.unref?.();
  return { cancel: () => clearTimeout(handle) };
}

/** A timer that keeps the process alive while pending, as a sleep should. */
function refTimer(delayMs: number, callback: () => void): TimerHandle {
  return startTimer(delayMs, callback, false);
}

/**
 * The real clock: `Date.now()` and `setTimeout`. Its `setTimer` timers are `unref`'d; a pending
 * `sleep` keeps the process alive.
 */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (delayMs, callback) => startTimer(delayMs, callback, true),
  sleep: (delayMs, signal) => abortableSleep(refTimer, delayMs, signal),
};
