import type { ActorError, ExecutionRecord, RunTrigger, TaskState } from "@actor/core";
import type { Alert } from "../control/alerts.js";
import { applySlotVerdict } from "./breaker.js";
import type { DispatcherDeps } from "../control/dispatcher.js";
import { runSlot, type SlotRunnerDeps } from "./slot-runner.js";
import { setInstant, type TaskEntry } from "../control/task-entry.js";

/** What a {@link SlotExecutor} calls back into its dispatcher for. */
export interface SlotExecutorHost {
  queueNext(entry: TaskEntry, next: Date | null): void;
  save(entry: TaskEntry, state: TaskState): Promise<void>;
  error(error: unknown, operation: string, taskId?: string): void;
}

/**
 * Runs one slot of a task under its lease: claim (or leave the slot to the instance holding the
 * task), re-read the stored state, run the attempts with the heartbeat on, then settle — circuit
 * breaker, `once` completion, the authoritative `nextRun` — save, alert, and release the lease.
 */
export class SlotExecutor {
  constructor(
    private readonly deps: DispatcherDeps,
    private readonly runner: SlotRunnerDeps,
    private readonly host: SlotExecutorHost,
  ) {}

  /** Claims, reloads, runs and records one slot; `stop` ends the job (lease lost, interrupted). */
  async run(
    entry: TaskEntry,
    slot: Date,
    trigger: RunTrigger,
  ): Promise<{ record: ExecutionRecord | null; stop: boolean }> {
    const { store, leaser, clock, heartbeat } = this.deps;
    const id = entry.task.taskId;
    const won = await leaser.claim([id], clock.now());
    if (won.length === 0) {
      this.#skipped(entry, slot, "leased-elsewhere");
      await this.#adopt(entry, await store.loadTask(id));
      return { record: null, stop: true };
    }
    try {
      const stored = await store.loadTask(id);
      if (
        stored &&
        trigger !== "manual" &&
        stored.lastRun !== null &&
        stored.lastRun.getTime() >= slot.getTime()
      ) {
        this.#skipped(entry, slot, "already-run");
        await this.#adopt(entry, stored);
        return { record: null, stop: false };
      }
      // Another instance's change bumps the version; an unchanged state keeps the engine's own
      // object (the re-read copy is dropped at once instead of living on as the task's state).
      if (stored && stored.version !== entry.state.version) entry.state = stored;
      entry.running = true;
      heartbeat.track(entry);
      const result = await runSlot(this.runner, entry.task, entry.services, slot, trigger);
      entry.running = false;
      await this.#settle(
        entry,
        slot,
        trigger,
        result.interrupted
          ? "interrupted"
          : result.outcome.status === "succeeded"
            ? "succeeded"
            : "failed",
        result.outcome.error,
      );
      return { record: result.record, stop: result.interrupted };
    } finally {
      heartbeat.untrack(entry);
      try {
        await leaser.release([id]);
      } catch (error) {
        this.host.error(error, "release lease", id);
      }
    }
  }

  /** Applies a slot's verdict (breaker, completion, next run), saves, and alerts when the circuit opens. */
  #settle(
    entry: TaskEntry,
    slot: Date,
    trigger: RunTrigger,
    status: "succeeded" | "failed" | "interrupted",
    error: ActorError | null,
  ): Promise<void> {
    const { clock } = this.deps;
    const completesTask = entry.task.schedule.type === "once" && trigger !== "manual";
    const state = entry.state;
    const alert = applySlotVerdict(
      state,
      { status, slot, error, completesTask },
      entry.task.maxConsecutiveFailures,
      clock,
    );
    if (alert) this.host.queueNext(entry, null);
    const stopped = state.paused || !state.active || state.completed || entry.removed;
    const pending = entry.nextSlotMs; // NaN: none
    const slotMs = slot.getTime();
    setInstant(
      state,
      "nextRun",
      stopped
        ? Number.NaN
        : status === "interrupted" && (Number.isNaN(pending) || slotMs < pending)
          ? slotMs
          : pending,
    );
    const saved = this.host.save(entry, state);
    return alert ? this.#openCircuit(saved, alert) : saved;
  }

  /** After the state is saved: announces the open circuit and sends the alert. */
  async #openCircuit(saved: Promise<void>, alert: Alert): Promise<void> {
    await saved;
    const { events, alerts } = this.deps;
    events.emit("task:paused", { taskId: alert.taskId, reason: "circuit-open" });
    events.emit("circuit:open", alert);
    if (alerts)
      await alerts
        .send(alert)
        .catch((e: unknown) => this.host.error(e, "send alert", alert.taskId));
  }

  /** Announces a slot left to another instance (no record: the slot is that instance's). */
  #skipped(entry: TaskEntry, slot: Date, reason: "leased-elsewhere" | "already-run"): void {
    this.deps.events.emit("run:skip", {
      taskId: entry.task.taskId,
      actorName: entry.task.actor.name,
      scheduledFor: slot,
      reason,
      record: null,
    });
  }

  /** Takes over state another instance saved (its next run, pause...). */
  async #adopt(entry: TaskEntry, stored: TaskState | null): Promise<void> {
    if (!stored) return;
    entry.state = stored;
    const runnable = stored.active && !stored.paused && !stored.completed;
    if (!runnable) this.host.queueNext(entry, null);
    else if (
      stored.nextRun &&
      (Number.isNaN(entry.nextSlotMs) || stored.nextRun.getTime() > entry.nextSlotMs)
    )
      this.host.queueNext(entry, stored.nextRun);
  }
}
