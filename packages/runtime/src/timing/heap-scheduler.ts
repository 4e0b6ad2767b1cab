import { systemClock, type Clock, type TaskScheduler } from "@actor/core";
import { createSchedule, type Schedule, type ScheduleType } from "@actor/schedule";
import { DueTimer } from "./due-timer.js";

/** Options of {@link HeapTaskScheduler}. */
export interface HeapTaskSchedulerOptions {
  clock?: Clock;
  /** Longest single timer step. Default 60 000. */
  maxStepMs?: number;
  /** Called when a run callback rejects. Default: ignored. */
  onError?: (error: unknown, taskId: string) => void;
}

/**
 * The plain {@link TaskScheduler} over the engine's due-queue: one timer per process, callbacks
 * fired with their un-jittered slot. It keeps nothing across restarts and has no misfire, overlap
 * or retry rules; `ActorServerBuilder` builds the full engine on the same queue.
 *
 * @example
 * ```ts
 * const scheduler = new HeapTaskScheduler();
 * scheduler.schedule("tick", { type: "interval", seconds: 60 }, async (slot) => console.log(slot));
 * scheduler.cancel("tick");
 * ```
 */
export class HeapTaskScheduler implements TaskScheduler<ScheduleType> {
  readonly #clock: Clock;
  readonly #timer: DueTimer;
  readonly #tasks = new Map<string, { schedule: Schedule; run: (slot: Date) => Promise<void> }>();
  readonly #onError: (error: unknown, taskId: string) => void;

  constructor(options: HeapTaskSchedulerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => {});
    this.#timer = new DueTimer({
      clock: this.#clock,
      maxStepMs: options.maxStepMs ?? 60_000,
      lateThresholdMs: Number.POSITIVE_INFINITY,
      keepPopped: true,
      onDue: (item, now) => this.#fire(item.key, item.slot, now),
    });
    this.#timer.start();
  }

  schedule(
    taskId: string,
    definition: ScheduleType,
    run: (scheduledFor: Date) => Promise<void>,
  ): void {
    const now = this.#clock.now();
    const schedule = createSchedule(definition, { anchor: now, source: { taskId } });
    this.#tasks.set(taskId, { schedule, run });
    this.#timer.delete(taskId);
    const first = schedule.firstRun(now);
    if (first) this.#timer.set(taskId, schedule.jittered(first).getTime(), first.getTime());
  }

  cancel(taskId: string): boolean {
    this.#timer.delete(taskId);
    return this.#tasks.delete(taskId);
  }

  isScheduled(taskId: string): boolean {
    return this.#tasks.has(taskId);
  }

  scheduledTasks(): string[] {
    return [...this.#tasks.keys()];
  }

  /** Cancels every task and the timer. */
  close(): void {
    this.#timer.stop();
    this.#tasks.clear();
  }

  #fire(taskId: string, slot: number, now: number): void {
    const task = this.#tasks.get(taskId);
    if (!task) return;
    const next = task.schedule.nextAfter(new Date(Math.max(slot, now - 1)));
    if (next) this.#timer.set(taskId, task.schedule.jittered(next).getTime(), next.getTime());
    else {
      this.#tasks.delete(taskId);
      this.#timer.delete(taskId);
    }
    task.run(new Date(slot)).catch((error: unknown) => this.#onError(error, taskId));
  }
}
