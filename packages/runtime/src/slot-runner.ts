import {
  idempotencyKeyFor,
  type ActorManager,
  type ActorStore,
  type Clock,
  type ExecutionContext,
  type ExecutionRecord,
  type RunTrigger,
} from "@actor/core";
import { AttemptControl } from "./attempt-control.js";
import type { AttemptDeadlines } from "./attempt-deadlines.js";
import { attemptRecord, runAttempt, type AttemptOutcome } from "./attempt.js";
import { backoffDelayMs } from "./backoff.js";
import type { RuntimeEvents, TypedEmitter } from "./events.js";
import type { ResolvedTask } from "./task-definition.js";

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
  /** Timeouts of the attempts in flight. */
  deadlines: AttemptDeadlines;
  /** Attempts in flight, aborted at shutdown. */
  inFlight: Set<AttemptControl>;
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
  const { store, clock, events, instanceId } = deps;
  const idempotencyKey = idempotencyKeyFor(task.taskId, slot);
  const actorName = task.actor.name;
  for (let attempt = 1; ; attempt++) {
    const attemptTrigger: RunTrigger = attempt === 1 ? trigger : "retry";
    const startedAt = clock.now();
    const started = await store.start({
      taskId: task.taskId,
      actorName,
      scheduledFor: slot,
      startedAt,
      attempt,
      instanceId,
      metadata: { trigger: attemptTrigger },
    });
    if (events.has("run:start")) {
      events.emit("run:start", {
        taskId: task.taskId,
        actorName,
        scheduledFor: slot,
        attempt,
        trigger: attemptTrigger,
        executionId: started.id,
      });
    }
    const control = new AttemptControl();
    deps.inFlight.add(control);
    const ctx: ExecutionContext = {
      taskId: task.taskId,
      actorName,
      scheduledFor: slot,
      idempotencyKey,
      attempt,
      trigger: attemptTrigger,
      get signal() {
        return control.signal;
      },
      clock,
      instanceId,
      services,
    };
    let outcome: AttemptOutcome;
    try {
      outcome = await runAttempt(
        (c) => deps.actors.executeActor(actorName, c),
        ctx,
        control,
        task.timeoutMs,
        deps.deadlines,
      );
    } finally {
      deps.inFlight.delete(control);
    }
    const completedAt = clock.now();
    const record = await store.finish(started.id, attemptRecord(outcome, completedAt));
    if (events.has("run:finish")) {
      events.emit("run:finish", {
        taskId: task.taskId,
        actorName,
        scheduledFor: slot,
        attempt,
        trigger: attemptTrigger,
        status: outcome.status,
        durationMs: completedAt.getTime() - startedAt.getTime(),
        record,
      });
    }
    if (outcome.status === "interrupted") return { record, outcome, interrupted: true };
    if (outcome.status === "succeeded" || !outcome.retryable || attempt > task.retries) {
      return { record, outcome, interrupted: false };
    }
    if (deps.stopSignal.aborted) return { record, outcome, interrupted: true };
    const delay = backoffDelayMs(attempt, task.backoffBaseMs, task.backoffMaxMs, deps.random);
    try {
      await clock.sleep(delay, deps.stopSignal);
    } catch {
      return { record, outcome, interrupted: true };
    }
  }
}
