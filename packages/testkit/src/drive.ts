import type { FakeClock } from "./fake-clock.js";

/** Options of {@link advanceUntilSettled}. */
export interface DriveOptions {
  /** How far the clock moves between checks. Default 1 ms. */
  stepMs?: number;
  /** Gives up (rejects) after moving the clock this far. Default 10 minutes. */
  limitMs?: number;
}

/**
 * Moves `clock` forward in small steps until `promise` settles, and settles like it. For awaiting
 * engine calls (`start()`, `executeTask()`, `shutdown()`...) whose store calls wait on the same fake
 * clock, as a `LatencyStore` on a `FakeClock` does.
 *
 * @example
 * ```ts
 * await advanceUntilSettled(clock, server.start());
 * ```
 */
export async function advanceUntilSettled<T>(
  clock: FakeClock,
  promise: Promise<T>,
  options: DriveOptions = {},
): Promise<T> {
  const stepMs = options.stepMs ?? 1;
  const limitMs = options.limitMs ?? 600_000;
  let settled = false;
  const watched = promise.then(
    (value) => {
      settled = true;
      return value;
    },
    (error: unknown) => {
      settled = true;
      throw error;
    },
  );
  watched.catch(() => {});
  await clock.advance(0);
  for (let moved = 0; !settled; moved += stepMs) {
    if (moved >= limitMs)
      throw new Error(`the operation did not settle within ${limitMs} ms of fake time`);
    await clock.advance(stepMs);
  }
  return watched;
}
