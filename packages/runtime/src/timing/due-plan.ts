import type { RunTrigger } from "@actor/core";
import { DEFAULT_MISFIRE_POLICY, type MisfirePolicy } from "@actor/schedule";
import type { TaskEntry } from "../control/task-entry.js";

/** What to do with a task whose queue entry came due. */
export interface DuePlan {
  /** The slots to run now, oldest first (none under `skip`). */
  slots: Date[];
  /** The task's next slot, to queue at once. */
  next: Date | null;
  trigger: RunTrigger;
  /** The misfire policy applied, when the slot was missed; null when it is on time. */
  misfire: MisfirePolicy | null;
}

/**
 * Decides what a due entry runs. On time (fired within `graceMs` of its fire time): its slot, then
 * the schedule's next slot. Missed (later than that): the schedule's misfire policy picks the slots
 * (`dueSlots`), and the next slot is the first after now. `immediate` tasks are never a misfire.
 *
 * @example
 * ```ts
 * const plan = planDue(entry, item.slot, item.at, Date.now(), 1_000);
 * if (plan.misfire) console.log("missed; running", plan.slots);
 * ```
 */
export function planDue(
  entry: TaskEntry,
  slotMs: number,
  fireAtMs: number,
  nowMs: number,
  graceMs: number,
): DuePlan {
  const def = entry.task.schedule;
  const slot = new Date(slotMs);
  if (def.type === "immediate")
    return { slots: [slot], next: null, trigger: "startup", misfire: null };
  if (nowMs - fireAtMs <= graceMs) {
    return {
      slots: [slot],
      next: entry.schedule.nextAfter(slot),
      trigger: "schedule",
      misfire: null,
    };
  }
  const now = new Date(nowMs);
  const policy = def.misfire ?? DEFAULT_MISFIRE_POLICY;
  return {
    slots: entry.schedule.dueSlots(slot, now, policy),
    next: entry.schedule.nextAfter(now),
    trigger: "catch-up",
    misfire: policy,
  };
}
