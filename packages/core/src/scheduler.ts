/**
 * Runs callbacks on schedules. Generic over the schedule type so `@actor/core` stays free of schedule
 * maths; `@actor/runtime` binds it to `@actor/schedule`'s `ScheduleType`.
 *
 * @example
 * ```ts
 * scheduler.schedule("daily", { type: "cron", expression: "0 9 * * *" }, async () => { ... });
 * scheduler.isScheduled("daily"); // true
 * scheduler.cancel("daily");
 * ```
 */
export interface TaskScheduler<Schedule> {
  /** Adds or replaces the task's schedule. */
  schedule(taskId: string, schedule: Schedule, run: (scheduledFor: Date) => Promise<void>): void;
  /** Removes the task; returns whether it was scheduled. */
  cancel(taskId: string): boolean;
  isScheduled(taskId: string): boolean;
  scheduledTasks(): string[];
}
