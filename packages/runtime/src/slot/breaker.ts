import type { ActorError, Clock, TaskState } from "@actor/core";
import type { Alert } from "../control/alerts.js";
import { setInstant } from "../control/task-entry.js";

/** What a finished slot means for the task's state. */
export interface SlotVerdict {
  status: "succeeded" | "failed" | "interrupted";
  slot: Date;
  error: ActorError | null;
  /** A `once` task that succeeded on its scheduled slot becomes completed. */
  completesTask: boolean;
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
 * const alert = applySlotVerdict(state, { status: "failed", slot, error, completesTask: false }, 5, clock);
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
  setInstant(state, "lastRun", verdict.slot.getTime());
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
  state.paused = true;
  state.pauseReason = "circuit-open";
  return {
    kind: "circuit-open",
    taskId: state.taskId,
    actorName: state.actorName,
    consecutiveFailures,
    lastError,
    at: clock.now(),
  };
}
