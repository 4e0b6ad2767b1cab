import type { ActorManager, ActorStore, Clock, ExecutionRecord, RunTrigger } from "@actor/core";
import { AttemptControl } from "./attempt-control.js";
import { AttemptContext, type SlotContext } from "./attempt-context.js";
import type { AttemptDeadlines } from "./attempt-deadlines.js";
import { attemptRecord, runAttempt, type AttemptOutcome } from "./attempt.js";
import { backoffDelayMs } from "../timing/backoff.js";
import type { RuntimeEvents, TypedEmitter } from "../control/events.js";
import type { ResolvedTask } from "../control/task-definition.js";

/** What running a slot needs from the engine. */
export interface SlotRunnerDeps {
  store: ActorStore;
  /** The actor registry, keyed by actor name. */
  actors: ActorManager<string>;
  clock: Clock;
  events: TypedEmitter<RuntimeEvents>;
  instanceId: string;
  random: () => number;
  /** Aborted when shutdown begins: a slot waiting to retry ends there (no new attempt starts). */
  stopSignal: AbortSignal;
  /** Timeouts of the attempts in flight (which also makes it the list of attempts in flight). */
  deadlines: AttemptDeadlines;
}

/** How a slot ended after its retries. */
export interface SlotResult {
  /** The record of the last attempt. */
  record: ExecutionRecord;
  outcome: AttemptOutcome;
  /** The slot was cut short by shutdown (an attempt or a backoff wait); it does not count. */
  interrupted: boolean;
}

/**
 * Runs one slot of a task: attempt, record, and retry retryable failures with exponential backoff
 * and full jitter, up to `task.retries` times. Every attempt gets its own execution record.
 */
export async function runSlot(
  deps: SlotRunnerDeps,
  task: ResolvedTask,
  services: Readonly<Record<string, unknown>>,
  slot: Date,
  trigger: RunTrigger,
): Promise<SlotResult> {
  const slotCtx: SlotContext = {
    taskId: task.taskId,
    actorName: task.actor.name,
    scheduledFor: slot,
    slotMs: slot.getTime(),
    clock: deps.clock,
    instanceId: deps.instanceId,
    services,
    idempotencyKey: null,
  };
  for (let attempt = 1; ; attempt++) {
    const attemptTrigger: RunTrigger = attempt === 1 ? trigger : "retry";
    const startedAt = deps.clock.now();
    const started = await deps.store.start({
      taskId: slotCtx.taskId,
      actorName: slotCtx.actorName,
      scheduledFor: slot,
      startedAt,
      attempt,
      instanceId: slotCtx.instanceId,
      metadata: { trigger: attemptTrigger },
    });
    if (deps.events.has("run:start")) emitStart(deps, slotCtx, attempt, attemptTrigger, started);
    const control = new AttemptControl();
    const ctx = new AttemptContext(slotCtx, attempt, attemptTrigger, control);
    const outcome = await runAttempt(deps.actors, ctx, control, task.timeoutMs, deps.deadlines);
    const completedAt = deps.clock.now();
    const record = await deps.store.finish(started.id, attemptRecord(outcome, completedAt));
    if (deps.events.has("run:finish")) {
      const durationMs = completedAt.getTime() - startedAt.getTime();
      emitFinish(deps, slotCtx, record, attemptTrigger, outcome.status, durationMs);
    }
    if (outcome.status === "interrupted") return { record, outcome, interrupted: true };
    if (outcome.status === "succeeded" || !outcome.retryable || attempt > task.retries) {
      return { record, outcome, interrupted: false };
    }
    if (!(await backoff(deps, task, attempt))) return { record, outcome, interrupted: true };
  }
}

/** Waits before retry `attempt + 1`; false when shutdown cut the wait short. */
async function backoff(
  deps: SlotRunnerDeps,
  task: ResolvedTask,
  attempt: number,
): Promise<boolean> {
  if (deps.stopSignal.aborted) return false;
  const delay = backoffDelayMs(attempt, task.backoffBaseMs, task.backoffMaxMs, deps.random);
  try {
    await deps.clock.sleep(delay, deps.stopSignal);
    return true;
  } catch {
    return false;
  }
}

function emitStart(
  deps: SlotRunnerDeps,
  slot: SlotContext,
  attempt: number,
  trigger: RunTrigger,
  started: ExecutionRecord,
): void {
  deps.events.emit("run:start", {
    taskId: slot.taskId,
    actorName: slot.actorName,
    scheduledFor: slot.scheduledFor,
    attempt,
    trigger,
    executionId: started.id,
  });
}

function emitFinish(
  deps: SlotRunnerDeps,
  slot: SlotContext,
  record: ExecutionRecord,
  trigger: RunTrigger,
  status: AttemptOutcome["status"],
  durationMs: number,
): void {
  deps.events.emit("run:finish", {
    taskId: slot.taskId,
    actorName: slot.actorName,
    scheduledFor: slot.scheduledFor,
    attempt: record.attempt,
    trigger,
    status,
    durationMs,
    record,
  });
}
