import type { ExecutionRecord, RunTrigger } from "@actor/core";
import type { RuntimeEvents, TypedEmitter } from "../control/events.js";
import type { RuntimeLogger } from "../control/logger.js";
import type { SlotContext } from "./attempt-context.js";
import type { AttemptOutcome } from "./attempt.js";

/** Emits `run:start` for an attempt whose record was opened. */
export function emitStart(
  events: TypedEmitter<RuntimeEvents>,
  slot: SlotContext,
  attempt: number,
  trigger: RunTrigger,
  started: ExecutionRecord,
): void {
  events.emit("run:start", {
    taskId: slot.taskId,
    actorName: slot.actorName,
    scheduledFor: new Date(slot.slotMs),
    attempt,
    trigger,
    executionId: started.id,
  });
}

/** Emits `run:finish` and logs an attempt that did not succeed. */
export function reportAttempt(
  events: TypedEmitter<RuntimeEvents>,
  logger: RuntimeLogger,
  slot: SlotContext,
  record: ExecutionRecord,
  trigger: RunTrigger,
  outcome: AttemptOutcome,
  durationMs: number,
): void {
  if (events.has("run:finish")) {
    events.emit("run:finish", {
      taskId: slot.taskId,
      actorName: slot.actorName,
      scheduledFor: new Date(slot.slotMs),
      attempt: record.attempt,
      trigger,
      status: outcome.status,
      durationMs,
      record,
    });
  }
  if (outcome.status !== "succeeded") {
    logger.warn(
      {
        taskId: slot.taskId,
        actorName: slot.actorName,
        scheduledFor: new Date(slot.slotMs).toISOString(),
        attempt: record.attempt,
        status: outcome.status,
        errorCode: outcome.error?.code ?? null,
      },
      `run of ${slot.taskId} ${outcome.status}: ${outcome.error?.message ?? "no error"}`,
    );
  }
}
