import { ActorError, type Clock } from "@actor/core";
import type { Dispatcher } from "./dispatcher.js";

/**
 * The run side of a graceful shutdown: stop claiming (queued jobs end as `stopping` skips, no
 * attempt starts, retries stop waiting), let runs in flight finish for up to `timeoutMs`, then
 * abort them with `ActorError("aborted")` (recorded `interrupted`, even when the actor ignores its
 * signal) and wait at most `closeGraceMs` more for their records and states to be written.
 * Resolves whether the runs finished in time. The deadline holds whatever the store's latency.
 *
 * @example
 * ```ts
 * const finishedInTime = await drainRuns(dispatcher, clock, 30_000, 5_000);
 * ```
 */
export async function drainRuns(
  dispatcher: Dispatcher,
  clock: Clock,
  timeoutMs: number,
  closeGraceMs: number,
): Promise<boolean> {
  dispatcher.beginStop();
  const inTime = await idleWithin(dispatcher, clock, timeoutMs);
  if (!inTime) {
    const reason = new ActorError(
      "aborted",
      `shutdown: run still going after ${timeoutMs / 1000}s`,
    );
    dispatcher.deadlines.abortAll(reason);
    const closed = await idleWithin(dispatcher, clock, closeGraceMs);
    if (!closed) {
      dispatcher.error(
        new ActorError(
          "timeout",
          `shutdown: ${dispatcher.pool.active} run(s) still writing their records ${closeGraceMs / 1000}s after they were aborted; stopping without them`,
        ),
        "shutdown",
      );
    }
  }
  dispatcher.deadlines.stop();
  return inTime;
}

/** True when the pool is idle within `ms`. */
async function idleWithin(dispatcher: Dispatcher, clock: Clock, ms: number): Promise<boolean> {
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = clock.setTimer(ms, () => resolve(false));
  });
  const idle = await Promise.race([dispatcher.pool.idle().then(() => true as const), timedOut]);
  timer?.cancel();
  return idle;
}
