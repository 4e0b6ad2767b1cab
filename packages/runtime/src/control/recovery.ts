import { newTaskState, type TaskState } from "@actor/core";
import { createSchedule, type Schedule } from "@actor/schedule";
import type { ResolvedTask } from "./task-definition.js";

/** A task's live schedule and reconciled state. */
export interface Reconciled {
  schedule: Schedule;
  state: TaskState;
  /** The state differs from what is stored (it must be saved). */
  changed: boolean;
}

/**
 * Reconciles a configured task with its stored state at start or reload:
 * new task → first run from its schedule; changed schedule → next run recomputed (a `once` with a
 * new time is no longer completed); a task back from inactive → next run recomputed; `immediate` →
 * due now when `fireImmediate`; otherwise the stored next run stands (a past one is a misfire).
 * Interval anchors are kept in `metadata.anchor` so slots stay on the same grid across restarts.
 */
export function reconcileTask(
  task: ResolvedTask,
  stored: TaskState | null,
  now: Date,
  fireImmediate: boolean,
): Reconciled {
  const def = task.schedule;
  const storedAnchor = stored?.metadata["anchor"];
  const anchorIso =
    def.type === "interval"
      ? typeof storedAnchor === "string"
        ? storedAnchor
        : now.toISOString()
      : null;
  const source = { taskId: task.taskId, actorName: task.actor.name };
  const schedule = createSchedule(
    def,
    anchorIso ? { anchor: new Date(anchorIso), source } : { source },
  );
  const metadata = anchorIso ? { ...stored?.metadata, anchor: anchorIso } : { ...stored?.metadata };
  if (!stored) {
    const state = newTaskState({
      taskId: task.taskId,
      actorName: task.actor.name,
      nextRun: schedule.firstRun(now),
      scheduleKey: schedule.key,
      metadata,
    });
    return { schedule, state, changed: true };
  }
  const state: TaskState = { ...stored, actorName: task.actor.name, active: true, metadata };
  if (stored.scheduleKey !== schedule.key) {
    state.scheduleKey = schedule.key;
    state.completed = false;
    state.nextRun = schedule.firstRun(now);
  } else if (!stored.active) {
    state.nextRun = schedule.firstRun(now);
  } else if (def.type === "immediate") {
    state.nextRun = fireImmediate ? new Date(now.getTime()) : stored.nextRun;
  } else if (stored.completed) {
    state.nextRun = null;
  } else if (stored.nextRun === null && (def.type === "cron" || def.type === "interval")) {
    state.nextRun = schedule.nextAfter(now);
  }
  if (state.paused) state.nextRun = null;
  const changed =
    !stored.active ||
    stored.actorName !== state.actorName ||
    stored.scheduleKey !== state.scheduleKey ||
    stored.completed !== state.completed ||
    stored.nextRun?.getTime() !== state.nextRun?.getTime() ||
    stored.metadata["anchor"] !== state.metadata["anchor"];
  return { schedule, state, changed };
}
