import type { Clock } from "@actor/core";

/** Resolves when `work` settles or `signal` aborts, whichever comes first. */
export function raceStop(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => resolve();
    signal.addEventListener("abort", onAbort, { once: true });
    void work.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** True when `work` settles within `ms` on `clock` (false on timeout or abort). */
export function raceTimeout(
  work: Promise<void>,
  clock: Clock,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (settled: boolean) => {
      timer.cancel();
      signal.removeEventListener("abort", onAbort);
      resolve(settled);
    };
    const onAbort = () => finish(false);
    const timer = clock.setTimer(ms, () => finish(false));
    signal.addEventListener("abort", onAbort, { once: true });
    void work.then(() => finish(true));
  });
}
