import { ActorError, type Clock } from "@actor/core";
import type { Dispatcher } from "./dispatcher.js";

/**
 * The run side of a graceful shutdown: stop claiming (queued jobs end as `stopping` skips, retries
 * stop waiting), let runs in flight finish for up to `timeoutMs`, then abort them with
 * `ActorError("aborted")` (recorded `interrupted`) and wait until every job has saved its state.
 * Resolves whether the runs finished in time.
 *
 * @example
 * ```ts
 * const finishedInTime = await drainRuns(dispatcher, clock, 30_000);
 * ```
 */
export async function drainRuns(
  dispatcher: Dispatcher,
  clock: Clock,
  timeoutMs: number,
): Promise<boolean> {
  dispatcher.beginStop();
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<true>((resolve) => {
    timer = clock.setTimer(timeoutMs, () => resolve(true));
  });
  const late = await Promise.race([dispatcher.pool.idle().then(() => false), timedOut]);
  timer?.cancel();
  if (late) {
    const reason = new ActorError(
      "aborted",
      `shutdown: run still going after ${timeoutMs / 1000}s`,
    );
    dispatcher.deadlines.abortAll(reason);
    await dispatcher.pool.idle();
  }
  dispatcher.deadlines.stop();
  return !late;
}
