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
import { applySlotVerdict } from "./breaker.js";
import { DueTimer } from "./due-timer.js";
import type { DueItem } from "./due-queue.js";
import type { RunSkipEvent, RuntimeEvents, TypedEmitter } from "./events.js";
import type { LeaseHeartbeat } from "./lease-heartbeat.js";
import type { ResolvedServerOptions } from "./options.js";
import { RunPool } from "./run-pool.js";
import { runSlot, type SlotRunnerDeps } from "./slot-runner.js";
import type { TaskEntry } from "./task-entry.js";

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
 * Turns due slots into runs: misfire and overlap policies, the bounded pool, leases, retries (via
 * {@link runSlot}), the circuit breaker and the state saved after every slot.
 */
export class Dispatcher {
  readonly timer: DueTimer;
  readonly pool: RunPool;
  readonly stopController = new AbortController();
  readonly inFlight = new Set<AbortController>();
  readonly #deps: DispatcherDeps;
  readonly #runner: SlotRunnerDeps;
  #stopping = false;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    const { options, clock, store, events } = deps;
    this.pool = new RunPool(options.maxConcurrency);
    this.timer = new DueTimer({
      clock,
      maxStepMs: options.maxTimerStepSeconds * 1000,
      lateThresholdMs: options.misfireGraceSeconds * 1000,
      onDue: (items, now) => this.#onDue(items, now),
      onLate: (expected, actual) =>
        events.emit("late", { expectedAt: new Date(expected), actualAt: new Date(actual), lateMs: actual - expected }),
    });
    this.#runner = {
      store,
      actors: deps.actors,
      clock,
      events,
      instanceId: options.instanceId,
      random: options.random,
      stopSignal: this.stopController.signal,
      inFlight: this.inFlight,
    };
  }

  /** Stops taking new work: queued jobs end without running, retries stop waiting. */
  beginStop(): void {
    this.#stopping = true;
    this.timer.stop();
    this.stopController.abort(new ActorError("aborted", "the server is shutting down"));
  }

  /** Queues the task's next slot (jittered), or removes it from the queue when `next` is null. */
  queueNext(entry: TaskEntry, next: Date | null): void {
    entry.nextSlot = next;
    const id = entry.task.taskId;
    if (next === null || entry.removed) this.timer.delete(id);
    else this.timer.set(id, entry.schedule.jittered(next, this.#deps.options.random).getTime(), next.getTime());
  }

  /** Saves `state` as the task's state; a failed save is reported as an `error` event. */
  async save(entry: TaskEntry, state: TaskState): Promise<void> {
    entry.state = state;
    try {
      const saved = await this.#deps.store.saveTask(state);
      if (entry.state === state) entry.state = saved;
    } catch (error) {
      this.#error(error, "save task state", entry.task.taskId);
    }
  }

  /** Runs `slots` of the task one after another in the pool; resolves with the last record. */
  submit(entry: TaskEntry, slots: Date[], trigger: RunTrigger, front = false): Promise<ExecutionRecord | null> {
    entry.busy = true;
    return new Promise((resolve) => {
      this.pool.submit(() => this.#job(entry, slots, trigger).then(resolve), front);
    });
  }

  /** Records a slot that did not run as a `skipped` execution. */
  async recordSkip(entry: TaskEntry, slot: Date, reason: RunSkipEvent["reason"], trigger: RunTrigger): Promise<ExecutionRecord | null> {
    const { store, clock, events, options } = this.#deps;
    const now = clock.now();
    try {
      const record = await store.start({
        taskId: entry.task.taskId,
        actorName: entry.task.actor.name,
        scheduledFor: slot,
        startedAt: now,
        attempt: 1,
        instanceId: options.instanceId,
        status: "skipped",
        completedAt: now,
        metadata: { reason, trigger },
      });
      events.emit("run:skip", { taskId: entry.task.taskId, actorName: entry.task.actor.name, scheduledFor: slot, reason, record });
      return record;
    } catch (error) {
      this.#error(error, "record skipped slot", entry.task.taskId);
      return null;
    }
  }

  #onDue(items: DueItem[], nowMs: number): void {
    const { tasks, options, events } = this.#deps;
    const now = new Date(nowMs);
    for (const item of items) {
      const entry = tasks.get(item.key);
      if (!entry || entry.removed) continue;
      const def = entry.task.schedule;
      const slot = new Date(item.slot);
      let trigger: RunTrigger = def.type === "immediate" ? "startup" : "schedule";
      let slots = [slot];
      let next: Date | null;
      if (def.type !== "immediate" && nowMs - item.at > options.misfireGraceSeconds * 1000) {
        const policy = def.misfire ?? "run-once";
        slots = entry.schedule.dueSlots(slot, now, policy);
        next = entry.schedule.nextAfter(now);
        trigger = "catch-up";
        events.emit("misfire", { taskId: item.key, missedFrom: slot, now, policy, slots });
      } else {
        next = entry.schedule.nextAfter(slot);
      }
      this.queueNext(entry, next);
      if (entry.busy) {
        for (const s of slots) void this.recordSkip(entry, s, "overlap", trigger);
      } else if (slots.length === 0) {
        void this.save(entry, { ...entry.state, nextRun: next });
      } else {
        void this.submit(entry, slots, trigger);
      }
    }
  }

  async #job(entry: TaskEntry, slots: Date[], trigger: RunTrigger): Promise<ExecutionRecord | null> {
    let last: ExecutionRecord | null = null;
    try {
      for (const slot of slots) {
        const skip = this.#stopping ? "stopping" : entry.state.paused ? "paused" : entry.removed ? "inactive" : null;
        if (skip) {
          last = await this.recordSkip(entry, slot, skip, trigger);
          break;
        }
        const { record, stop } = await this.#runClaimed(entry, slot, trigger);
        last = record ?? last;
        if (stop) break;
      }
    } catch (error) {
      this.#error(error, "run task", entry.task.taskId);
    } finally {
      entry.busy = false;
      entry.running = false;
    }
    return last;
  }

  /** Claims, reloads, runs and records one slot; `stop` ends the job (lease lost, interrupted). */
  async #runClaimed(entry: TaskEntry, slot: Date, trigger: RunTrigger): Promise<{ record: ExecutionRecord | null; stop: boolean }> {
    const { store, leaser, clock, events, heartbeat } = this.#deps;
    const id = entry.task.taskId;
    const won = await leaser.claim([id], clock.now());
    if (won.length === 0) {
      events.emit("run:skip", { taskId: id, actorName: entry.task.actor.name, scheduledFor: slot, reason: "leased-elsewhere", record: null });
      await this.#adopt(entry, await store.loadTask(id));
      return { record: null, stop: true };
    }
    try {
      const stored = await store.loadTask(id);
      if (stored && trigger !== "manual" && stored.lastRun !== null && stored.lastRun.getTime() >= slot.getTime()) {
        events.emit("run:skip", { taskId: id, actorName: entry.task.actor.name, scheduledFor: slot, reason: "already-run", record: null });
        await this.#adopt(entry, stored);
        return { record: null, stop: false };
      }
      if (stored) entry.state = stored;
      entry.running = true;
      heartbeat.track(id);
      const result = await runSlot(this.#runner, entry.task, entry.services, slot, trigger);
      heartbeat.untrack(id);
      entry.running = false;
      await this.#settle(entry, slot, trigger, result.interrupted ? "interrupted" : result.outcome.status === "succeeded" ? "succeeded" : "failed", result.outcome.error);
      return { record: result.record, stop: result.interrupted };
    } finally {
      heartbeat.untrack(id);
      await leaser.release([id]).catch((error: unknown) => this.#error(error, "release lease", id));
    }
  }

  /** Applies a slot's verdict (breaker, completion, next run), saves, and alerts when the circuit opens. */
  async #settle(entry: TaskEntry, slot: Date, trigger: RunTrigger, status: "succeeded" | "failed" | "interrupted", error: ActorError | null): Promise<void> {
    const { clock, events, alerts } = this.#deps;
    const now = clock.now();
    const completesTask = entry.task.schedule.type === "once" && trigger !== "manual";
    const { state, alert } = applySlotVerdict(entry.state, { status, slot, error, completesTask }, entry.task.maxConsecutiveFailures, now);
    if (alert) this.queueNext(entry, null);
    const stopped = state.paused || !state.active || state.completed || entry.removed;
    const pending = entry.nextSlot;
    state.nextRun = stopped ? null : status === "interrupted" && (!pending || slot < pending) ? slot : pending;
    await this.save(entry, state);
    if (!alert) return;
    events.emit("task:paused", { taskId: alert.taskId, reason: "circuit-open" });
    events.emit("circuit:open", alert);
    if (alerts) await alerts.send(alert).catch((e: unknown) => this.#error(e, "send alert", alert.taskId));
  }

  /** Takes over state another instance saved (its next run, pause...). */
  async #adopt(entry: TaskEntry, stored: TaskState | null): Promise<void> {
    if (!stored) return;
    entry.state = stored;
    const runnable = stored.active && !stored.paused && !stored.completed;
    if (!runnable) this.queueNext(entry, null);
    else if (stored.nextRun && (!entry.nextSlot || stored.nextRun > entry.nextSlot)) this.queueNext(entry, stored.nextRun);
  }

  #error(error: unknown, operation: string, taskId?: string): void {
    const payload = { error: ActorError.from(error), operation, ...(taskId === undefined ? {} : { taskId }) };
    this.#deps.events.emit("error", payload);
  }
}
