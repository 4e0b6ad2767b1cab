import type { ActorError, Clock, TaskState } from "@actor/core";
import type { Alert } from "./alerts.js";

/** What a finished slot means for the task's state. */
export interface SlotVerdict {
  status: "succeeded" | "failed" | "interrupted";
  slot: Date;
  error: ActorError | null;
  /** A `once` task that succeeded on its scheduled slot becomes completed. */
  completesTask: boolean;
}

/** The task state after a slot, and the alert to send when this slot opened the circuit. */
export interface BreakerDecision {
  state: TaskState;
  alert: Alert | null;
}

/**
 * The circuit breaker: a success resets `consecutiveFailures`; a failed slot (after its retries)
 * increments it, and reaching `maxConsecutiveFailures` pauses the task with `circuit-open` and
 * yields one alert (stamped with `clock.now()`). An interrupted slot changes nothing. Returns a new
 * state; `state` is not mutated.
 *
 * @example
 * ```ts
 * const { state: next, alert } = applySlotVerdict(state, { status: "failed", slot, error, completesTask: false }, 5, clock);
 * if (alert) await sink.send(alert);
 * ```
 */
export function applySlotVerdict(
  state: TaskState,
  verdict: SlotVerdict,
  maxConsecutiveFailures: number,
  clock: Clock,
): BreakerDecision {
  if (verdict.status === "interrupted") return { state: { ...state }, alert: null };
  if (verdict.status === "succeeded") {
    return {
      state: {
        ...state,
        lastRun: verdict.slot,
        consecutiveFailures: 0,
        completed: state.completed || verdict.completesTask,
      },
      alert: null,
    };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  const lastError = {
    code: verdict.error?.code ?? "internal",
    message: verdict.error?.message ?? "unknown error",
  };
  const next: TaskState = {
    ...state,
    lastRun: verdict.slot,
    consecutiveFailures,
    metadata: { ...state.metadata, lastError },
  };
  if (state.paused || consecutiveFailures < maxConsecutiveFailures)
    return { state: next, alert: null };
  next.paused = true;
  next.pauseReason = "circuit-open";
  return {
    state: next,
    alert: {
      kind: "circuit-open",
      taskId: state.taskId,
      actorName: state.actorName,
      consecutiveFailures,
      lastError,
      at: clock.now(),
    },
  };
}
