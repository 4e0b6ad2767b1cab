import type { ActorStore, Clock, ExecutionRecord, RunTrigger } from "@actor/core";
import type { RunSkipEvent, RuntimeEvents, TypedEmitter } from "../control/events.js";
import type { TaskEntry } from "../control/task-entry.js";

/** What recording a skipped slot needs. */
export interface SkippedSlotDeps {
  store: ActorStore;
  clock: Clock;
  events: TypedEmitter<RuntimeEvents>;
  instanceId: string;
}

/**
 * Records a slot that did not run as a `skipped` execution (`metadata.reason` and `trigger`) and
 * emits `run:skip` with the record. Rejects when the store does.
 */
export async function recordSkippedSlot(
  deps: SkippedSlotDeps,
  entry: TaskEntry,
  slotMs: number,
  reason: RunSkipEvent["reason"],
  trigger: RunTrigger,
): Promise<ExecutionRecord> {
  const now = deps.clock.now();
  const record = await deps.store.start({
    taskId: entry.task.taskId,
    actorName: entry.task.actor.name,
    scheduledFor: new Date(slotMs),
    startedAt: now,
    attempt: 1,
    instanceId: deps.instanceId,
    status: "skipped",
    completedAt: now,
    metadata: { reason, trigger },
  });
  announceSkip(deps, entry, slotMs, reason, record);
  return record;
}

/**
 * Closes `open`, the `running` record opened with the claim (`TaskLeaser.begin`), as the
 * `skipped` record of a slot that did not run, and emits `run:skip` with it. Rejects when the
 * store does.
 */
export async function closeSkippedSlot(
  deps: SkippedSlotDeps,
  entry: TaskEntry,
  slotMs: number,
  reason: RunSkipEvent["reason"],
  trigger: RunTrigger,
  open: ExecutionRecord,
): Promise<ExecutionRecord> {
  const record = await deps.store.finish(open.id, {
    status: "skipped",
    completedAt: deps.clock.now(),
    metadata: { reason, trigger },
  });
  announceSkip(deps, entry, slotMs, reason, record);
  return record;
}

function announceSkip(
  deps: SkippedSlotDeps,
  entry: TaskEntry,
  slotMs: number,
  reason: RunSkipEvent["reason"],
  record: ExecutionRecord,
): void {
  deps.events.emit("run:skip", {
    taskId: entry.task.taskId,
    actorName: entry.task.actor.name,
    scheduledFor: new Date(slotMs),
    reason,
    record,
  });
}
