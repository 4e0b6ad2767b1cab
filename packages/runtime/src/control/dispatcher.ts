import {
  ActorError,
  type ActorManager,
  type ActorStore,
  type Clock,
  type ExecutionRecord,
  type RunTrigger,
  type TaskLeaser,
  type TaskState,
} from "@actor/core";
import { AttemptDeadlines } from "../slot/attempt-deadlines.js";
import { SlotLife } from "../slot/slot-life.js";
import { planDue } from "../timing/due-plan.js";
import type { DueItem } from "../timing/due-queue.js";
import { DueTimer } from "../timing/due-timer.js";
import type { RunPool } from "../timing/run-pool.js";
import type { AlertSink } from "./alerts.js";
import type { RunSkipEvent, RuntimeEvents, TypedEmitter } from "./events.js";
import type { LeaseHeartbeat } from "./lease-heartbeat.js";
import type { RuntimeLogger } from "./logger.js";
import type { ResolvedServerOptions } from "./options.js";
import { saveEntryState } from "./save-state.js";
import type { TaskEntry } from "./task-entry.js";

/** What the dispatcher needs from the server. */
export interface DispatcherDeps {
  store: ActorStore;
  actors: ActorManager<string>;
  clock: Clock;
  options: ResolvedServerOptions;
  events: TypedEmitter<RuntimeEvents>;
  logger: RuntimeLogger;
  leaser: TaskLeaser;
  heartbeat: LeaseHeartbeat;
  alerts: AlertSink | null;
  tasks: Map<string, TaskEntry>;
}

/**
 * Turns due slots into work: the one timer, the misfire and overlap policies, and the queue of
 * next slots. What happens to a slot once it is handed over is {@link SlotLife}'s.
 */
export class Dispatcher {
  readonly timer: DueTimer;
  readonly slots: SlotLife;
  readonly deadlines: AttemptDeadlines;
  readonly #deps: DispatcherDeps;
  #startBeganAt = Number.POSITIVE_INFINITY;
  #readyAt = Number.NEGATIVE_INFINITY;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    const { options, clock, events } = deps;
    this.timer = new DueTimer({
      clock,
      maxStepMs: options.maxTimerStepSeconds * 1000,
      lateThresholdMs: options.misfireGraceSeconds * 1000,
      keepPopped: true,
      onDue: (item, now) => this.#onDue(item, now),
      onLate: (expected, actual) =>
        events.emit("late", {
          expectedAt: new Date(expected),
          actualAt: new Date(actual),
          lateMs: actual - expected,
        }),
    });
    this.deadlines = new AttemptDeadlines(clock, options.maxTimerStepSeconds * 1000);
    this.slots = new SlotLife({
      ...deps,
      deadlines: this.deadlines,
      instanceId: options.instanceId,
      maxConcurrency: options.maxConcurrency,
      random: options.random,
      reclaimAfterMs: Math.max(1, (options.leaseTtlSeconds * 1000) / 2),
      queueNext: (entry, next) => this.queueNext(entry, next),
      save: (entry, state) => this.save(entry, state),
      error: (error, operation, taskId) => this.error(error, operation, taskId),
    });
  }

  /** The bounded pool the jobs wait and run in. */
  get pool(): RunPool<TaskEntry> {
    return this.slots.pool;
  }

  /**
   * Starts firing due slots. `beganAt` is the instant `start()` began: slots that fell due between
   * it and now (while tasks were being installed) count as fired now, so the engine's own start-up
   * time is never taken for downtime and turned into misfires.
   */
  start(beganAt: number): void {
    this.#startBeganAt = beganAt;
    this.#readyAt = this.#deps.clock.now().getTime();
    this.timer.start();
  }

  /** Stops taking new work: queued jobs end as `stopping` skips, no attempt starts, retries stop waiting. */
  beginStop(): void {
    this.timer.stop();
    this.slots.stop(new ActorError("aborted", "the server is shutting down"));
  }

  /** Stops every timer and drops waiting work without writing anything (a simulated crash). */
  abandon(): void {
    this.timer.stop();
    this.deadlines.stop();
    this.slots.abandon();
  }

  /** Queues the task's next slot (jittered), or removes it from the queue when `next` is null. */
  queueNext(entry: TaskEntry, next: Date | null): void {
    entry.nextSlotMs = next === null ? Number.NaN : next.getTime();
    const id = entry.task.taskId;
    if (next === null || entry.removed) {
      this.timer.delete(id);
      return;
    }
    const slot = next.getTime();
    const jittered = entry.task.schedule.jitterSeconds
      ? entry.schedule.jittered(next, this.#deps.options.random).getTime()
      : slot;
    this.timer.set(id, jittered, slot);
  }

  /** Makes `state` the task's state and saves it; a failed save is reported, never thrown. */
  save(entry: TaskEntry, state: TaskState): Promise<void> {
    return saveEntryState(this.#deps.store, entry, state, (error) =>
      this.error(error, "save task state", entry.task.taskId),
    );
  }

  /** Queues a job running `slots` of the task one after another (in the pool's order). */
  submit(entry: TaskEntry, slots: Date[], trigger: RunTrigger): void {
    this.slots.submit(entry, slots, trigger);
  }

  /** Runs one slot ahead of waiting work (a manual trigger); resolves with its record. */
  runNow(entry: TaskEntry, slot: Date, trigger: RunTrigger): Promise<ExecutionRecord | null> {
    return this.slots.runNow(entry, slot, trigger);
  }

  /** Records a slot that did not run as a `skipped` execution (null when the store failed). */
  recordSkip(
    entry: TaskEntry,
    slot: Date,
    reason: RunSkipEvent["reason"],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null> {
    return this.slots.recordSkip(entry, slot.getTime(), reason, trigger);
  }

  /** Reports a failure the engine survived: an `error` event and an error log line. */
  error(error: unknown, operation: string, taskId?: string): void {
    const actorError = ActorError.from(error);
    this.#deps.logger.error(
      { operation, taskId, code: actorError.code },
      `${operation} failed: ${actorError.message}`,
    );
    this.#deps.events.emit("error", {
      error: actorError,
      operation,
      ...(taskId === undefined ? {} : { taskId }),
    });
  }

  #onDue(item: DueItem, nowMs: number): void {
    const entry = this.#deps.tasks.get(item.key);
    if (!entry || entry.removed) return;
    try {
      this.#dispatch(entry, item, nowMs);
    } catch (error) {
      this.error(error, "dispatch due slot", item.key);
    }
  }

  /** Applies the misfire and overlap policies to one due entry and queues its work. */
  #dispatch(entry: TaskEntry, item: DueItem, nowMs: number): void {
    const graceMs = this.#deps.options.misfireGraceSeconds * 1000;
    const slotMs = item.slot; // read before queueNext reuses the item
    const firedAt = item.at >= this.#startBeganAt ? Math.max(item.at, this.#readyAt) : item.at;
    const { slots, next, trigger, misfire } = planDue(entry, slotMs, firedAt, nowMs, graceMs);
    if (misfire) {
      this.#deps.events.emit("misfire", {
        taskId: entry.task.taskId,
        missedFrom: new Date(slotMs),
        now: new Date(nowMs),
        policy: misfire,
        slots: slots.map((s) => new Date(s.getTime())),
      });
    }
    this.queueNext(entry, next);
    if (entry.busy) {
      for (const slot of slots) void this.recordSkip(entry, slot, "overlap", trigger);
    } else if (slots.length === 0) {
      void this.save(entry, { ...entry.state, nextRun: next });
    } else {
      this.submit(entry, slots, trigger);
    }
  }
}
