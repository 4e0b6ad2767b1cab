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
import type { AlertSink } from "./alerts.js";
import { AttemptDeadlines } from "../slot/attempt-deadlines.js";
import { planDue } from "../timing/due-plan.js";
import { DueTimer } from "../timing/due-timer.js";
import type { DueItem } from "../timing/due-queue.js";
import type { RunSkipEvent, RuntimeEvents, TypedEmitter } from "./events.js";
import type { LeaseHeartbeat } from "./lease-heartbeat.js";
import type { ResolvedServerOptions } from "./options.js";
import { JobRunner } from "../slot/job-runner.js";
import type { RunPool } from "../timing/run-pool.js";
import { SlotExecutor } from "../slot/slot-executor.js";
import { recordSkippedSlot } from "../slot/skipped-slot.js";
import type { SlotRunnerDeps } from "../slot/slot-runner.js";
import { snapshotState, type TaskEntry } from "./task-entry.js";

/** What the dispatcher needs from the server. */
export interface DispatcherDeps {
  store: ActorStore;
  actors: ActorManager<string>;
  clock: Clock;
  options: ResolvedServerOptions;
  events: TypedEmitter<RuntimeEvents>;
  leaser: TaskLeaser;
  heartbeat: LeaseHeartbeat;
  alerts: AlertSink | null;
  tasks: Map<string, TaskEntry>;
}

/**
 * Turns due slots into runs: the timer, misfire and overlap policies, and the task state saved
 * after every slot. Jobs run in the bounded pool of a {@link JobRunner}; each slot under its lease
 * through a {@link SlotExecutor} (retries, circuit breaker).
 */
export class Dispatcher {
  readonly timer: DueTimer;
  readonly jobs: JobRunner;
  readonly stopController = new AbortController();
  readonly deadlines: AttemptDeadlines;
  readonly #deps: DispatcherDeps;
  #startBeganAt = Number.POSITIVE_INFINITY;
  #readyAt = Number.NEGATIVE_INFINITY;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    const { options, clock, store, events } = deps;
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
    const runner: SlotRunnerDeps = {
      deadlines: this.deadlines,
      store,
      actors: deps.actors,
      clock,
      events,
      instanceId: options.instanceId,
      random: options.random,
      stopSignal: this.stopController.signal,
    };
    const executor = new SlotExecutor(deps, runner, {
      queueNext: (entry, next) => this.queueNext(entry, next),
      save: (entry, state) => this.save(entry, state),
      error: (error, operation, taskId) => this.#error(error, operation, taskId),
    });
    this.jobs = new JobRunner(options.maxConcurrency, executor, {
      recordSkip: (entry, slot, reason, trigger) => this.recordSkip(entry, slot, reason, trigger),
      error: (error, operation, taskId) => this.#error(error, operation, taskId),
    });
  }

  /** The bounded pool the jobs wait and run in. */
  get pool(): RunPool<TaskEntry> {
    return this.jobs.pool;
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

  /** Stops taking new work: queued jobs end without running, retries stop waiting. */
  beginStop(): void {
    this.jobs.stop();
    this.timer.stop();
    this.stopController.abort(new ActorError("aborted", "the server is shutting down"));
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

  /**
   * Makes `state` the task's state and saves it; a failed save is reported as an `error` event.
   * The entry's state is updated in place by later runs, so the store must get an object the engine
   * never touches again: a new `state` from the caller is saved as it is and the entry keeps a
   * copy; the entry's own state is saved as a snapshot. One copy per save either way. Only the
   * store's `version` and `updatedAt` are taken back: its returned copy is dropped at once, so a
   * run leaves no new long-lived object behind.
   */
  save(entry: TaskEntry, state: TaskState): Promise<void> {
    const isOwn = state === entry.state;
    const own = isOwn ? state : snapshotState(state);
    entry.state = own;
    let saving: Promise<TaskState>;
    try {
      saving = this.#deps.store.saveTask(isOwn ? snapshotState(state) : state);
    } catch (error) {
      saving = Promise.reject(error);
    }
    return saving.then(
      (saved) => {
        if (entry.state !== own) return;
        own.version = saved.version;
        own.updatedAt.setTime(saved.updatedAt.getTime());
      },
      (error: unknown) => this.#error(error, "save task state", entry.task.taskId),
    );
  }

  /** Queues a job running `slots` of the task one after another (in the pool's order). */
  submit(entry: TaskEntry, slots: Date[], trigger: RunTrigger): void {
    this.jobs.submit(entry, slots, trigger);
  }

  /** Runs one slot ahead of waiting work (a manual trigger); resolves with its last record. */
  runNow(entry: TaskEntry, slot: Date, trigger: RunTrigger): Promise<ExecutionRecord | null> {
    return this.jobs.runNow(entry, slot, trigger);
  }

  /** Records a slot that did not run as a `skipped` execution (null when the store failed). */
  recordSkip(
    entry: TaskEntry,
    slot: Date,
    reason: RunSkipEvent["reason"],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null> {
    return recordSkippedSlot(this.#deps, entry, slot, reason, trigger).catch((error: unknown) => {
      this.#error(error, "record skipped slot", entry.task.taskId);
      return null;
    });
  }

  #onDue(item: DueItem, nowMs: number): void {
    const entry = this.#deps.tasks.get(item.key);
    if (!entry || entry.removed) return;
    try {
      this.#dispatch(entry, item, nowMs);
    } catch (error) {
      this.#error(error, "dispatch due slot", item.key);
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
        slots,
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

  #error(error: unknown, operation: string, taskId?: string): void {
    const payload = {
      error: ActorError.from(error),
      operation,
      ...(taskId === undefined ? {} : { taskId }),
    };
    this.#deps.events.emit("error", payload);
  }
}
