import type { ActorError, Clock, TaskState } from "@actor/core";
import type { Alert } from "../control/alerts.js";
import { setInstant } from "../control/task-entry.js";

/** What a finished slot means for the task's state. */
export interface SlotVerdict {
  status: "succeeded" | "failed" | "interrupted";
  /** The slot's instant (epoch ms). */
  slotMs: number;
  error: ActorError | null;
  /** A `once` task that succeeded on its scheduled slot becomes completed. */
  completesTask: boolean;
  /**
   * A manual run: it is a run outside the schedule, so it does not move `lastRun` (a scheduled
   * slot that comes due later still runs); it does count for the circuit breaker.
   */
  manual: boolean;
}

/**
 * The circuit breaker: a success resets `consecutiveFailures`; a failed slot (after its retries)
 * increments it, and reaching `maxConsecutiveFailures` pauses the task with `circuit-open` and
 * yields one alert (stamped with `clock.now()`). An interrupted slot changes nothing. `state` (the
 * engine's own copy) is updated in place; returns the alert to send when this slot opened the
 * circuit, or null.
 *
 * @example
 * ```ts
 * const alert = applySlotVerdict(state, { status: "failed", slotMs, error, completesTask: false, manual: false }, 5, clock);
 * if (alert) await sink.send(alert);
 * ```
 */
export function applySlotVerdict(
  state: TaskState,
  verdict: SlotVerdict,
  maxConsecutiveFailures: number,
  clock: Clock,
): Alert | null {
  if (verdict.status === "interrupted") return null;
  if (!verdict.manual) setInstant(state, "lastRun", verdict.slotMs);
  if (verdict.status === "succeeded") {
    state.consecutiveFailures = 0;
    state.completed = state.completed || verdict.completesTask;
    return null;
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  const lastError = {
    code: verdict.error?.code ?? "internal",
    message: verdict.error?.message ?? "unknown error",
  };
  state.consecutiveFailures = consecutiveFailures;
  state.metadata = { ...state.metadata, lastError }; // replaced: stored metadata may be shared
  if (state.paused || consecutiveFailures < maxConsecutiveFailures) return null;
  return pauseWithAlert(state, "circuit-open", lastError, clock);
}

/**
 * Pauses the task (`circuit-open`: only a manual resume runs it again) and returns the alert.
 * Used for a circuit that opens and for a run that ignored its signal past the hard limit.
 */
export function pauseWithAlert(
  state: TaskState,
  kind: Alert["kind"],
  lastError: { code: string; message: string },
  clock: Clock,
): Alert {
  state.paused = true;
  state.pauseReason = "circuit-open";
  if (kind !== "circuit-open") state.metadata = { ...state.metadata, lastError };
  return {
    kind,
    taskId: state.taskId,
    actorName: state.actorName,
    consecutiveFailures: state.consecutiveFailures,
    lastError: { ...lastError },
    at: clock.now(),
  };
}
