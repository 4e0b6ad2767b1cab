import {
  ActorError,
  type ActorManager,
  type ActorStore,
  type BegunSlot,
  type Clock,
  type ExecutionRecord,
  type NewExecution,
  type RunTrigger,
  type TaskLeaser,
  type TaskState,
} from "@actor/core";
import type { Alert, AlertSink } from "../control/alerts.js";
import type { RunSkipEvent, RuntimeEvents, TypedEmitter } from "../control/events.js";
import type { LeaseHeartbeat } from "../control/lease-heartbeat.js";
import type { RuntimeLogger } from "../control/logger.js";
import { setInstant, type QueuedJob, type TaskEntry } from "../control/task-entry.js";
import { backoffDelayMs } from "../timing/backoff.js";
import { RunPool } from "../timing/run-pool.js";
import { AttemptContext, type SlotContext } from "./attempt-context.js";
import { AttemptControl } from "./attempt-control.js";
import type { AttemptDeadlines } from "./attempt-deadlines.js";
import { attemptRecord, failedOutcome, runAttempt, type AttemptOutcome } from "./attempt.js";
import { applySlotVerdict, pauseWithAlert } from "./breaker.js";
import { finishRecord } from "./record-end.js";
import { settleEntryState } from "../control/save-state.js";
import { emitStart, reportAttempt } from "./slot-report.js";
import { raceStop, raceTimeout } from "./slot-waits.js";
import { closeSkippedSlot, recordSkippedSlot } from "./skipped-slot.js";

/** Everything the life of a slot touches. One object, built once per engine start. */
export interface SlotLifeDeps {
  store: ActorStore;
  actors: ActorManager<string>;
  clock: Clock;
  events: TypedEmitter<RuntimeEvents>;
  logger: RuntimeLogger;
  leaser: TaskLeaser;
  heartbeat: LeaseHeartbeat;
  deadlines: AttemptDeadlines;
  alerts: AlertSink | null;
  instanceId: string;
  maxConcurrency: number;
  random: () => number;
  /** How long to wait before trying again to claim a slot that another owner holds. */
  reclaimAfterMs: number;
  /** Queues the task's next slot in the due-queue (null: none). */
  queueNext(entry: TaskEntry, next: Date | null): void;
  /** Makes `state` the task's state and saves it (never rejects). */
  save(entry: TaskEntry, state: TaskState): Promise<void>;
  /** Reports a failure the engine survived. */
  error(error: unknown, operation: string, taskId?: string): void;
}

/** The last attempt of a slot, whose record is closed when the slot settles (`TaskLeaser.settle`). */
interface OpenAttempt {
  slot: SlotContext;
  started: ExecutionRecord;
  trigger: RunTrigger;
  completedAt: Date;
}

/** How the attempts of one slot ended. */
interface SlotResult {
  /**
   * The record of the last attempt (null when no record could be opened, or while `open` holds it
   * until the slot settles).
   */
  record: ExecutionRecord | null;
  /** The last attempt, still to be closed together with the state and the lease (or null). */
  open: OpenAttempt | null;
  outcome: AttemptOutcome;
  /** Cut short by shutdown: it does not count for the breaker and the slot stays due. */
  interrupted: boolean;
  /** An attempt that ignored its signal and is still running past the hard limit. */
  hung: AttemptControl | null;
}

const NO_RESULT = { record: null, stop: true } as const;

/**
 * The life of one slot, in one place: **claim** the task's lease (or leave the slot to its holder
 * and come back for it), **re-read** the stored state, run the **attempts** with retries,
 * **settle** (breaker, completion, the authoritative `nextRun`), **save**, and **release**. Every
 * path out of an attempt closes its execution record; every slot ends as a record (run, skipped,
 * or run by the owner that held it).
 *
 * It also owns the bounded pool the slots of every task wait in. A task has at most one job
 * (`entry.busy`): the pool queues the entry itself, with the job in `entry.job`.
 */
export class SlotLife {
  readonly pool: RunPool<TaskEntry>;
  readonly #deps: SlotLifeDeps;
  readonly #stop = new AbortController();
  readonly #reclaims = new Set<{ cancel(): void }>();
  /** `taskId@slotMs` of slots submitted again after a lost claim (see `#leftToHolder`). */
  readonly #reclaimed = new Set<string>();

  constructor(deps: SlotLifeDeps) {
    this.#deps = deps;
    this.pool = new RunPool<TaskEntry>(deps.maxConcurrency, (entry) => this.#startJob(entry));
  }

  /** Aborted when shutdown begins. */
  get stopSignal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Shutdown began: no attempt starts from now on; waiting jobs record `stopping` skips. */
  stop(reason: unknown): void {
    for (const timer of this.#reclaims) timer.cancel();
    this.#reclaims.clear();
    this.#reclaimed.clear();
    this.#stop.abort(reason);
  }

  /** A simulated crash: reclaim timers stop and waiting jobs are dropped, nothing is written. */
  abandon(): void {
    for (const timer of this.#reclaims) timer.cancel();
    this.#reclaims.clear();
    this.#reclaimed.clear();
    this.pool.clear();
  }

  /** Queues a job running `slots` of the task one after another. */
  submit(entry: TaskEntry, slots: Date[], trigger: RunTrigger): void {
    entry.busy = true;
    setJob(entry.job, slots, trigger, null);
    this.pool.submit(entry);
  }

  /** Runs one slot ahead of waiting work (a manual trigger); resolves with its record. */
  runNow(entry: TaskEntry, slot: Date, trigger: RunTrigger): Promise<ExecutionRecord | null> {
    entry.busy = true;
    return new Promise((resolve) => {
      setJob(entry.job, [slot], trigger, resolve);
      this.pool.submit(entry, true);
    });
  }

  /** Records a slot that did not run as a `skipped` execution (null when the store failed). */
  recordSkip(
    entry: TaskEntry,
    slotMs: number,
    reason: RunSkipEvent["reason"],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null> {
    return recordSkippedSlot(this.#deps, entry, slotMs, reason, trigger).catch((error: unknown) => {
      this.#deps.error(error, "record skipped slot", entry.task.taskId);
      return null;
    });
  }

  /**
   * Closes the record `begin` opened with the claim as a `skipped` slot (the slot turned out not
   * to run); null when the store failed (the record stays `running` for crash recovery).
   */
  #closeSkipped(
    entry: TaskEntry,
    slotMs: number,
    reason: RunSkipEvent["reason"],
    trigger: RunTrigger,
    open: ExecutionRecord,
  ): Promise<ExecutionRecord | null> {
    return closeSkippedSlot(this.#deps, entry, slotMs, reason, trigger, open).catch(
      (error: unknown) => {
        this.#deps.error(error, "record skipped slot", entry.task.taskId);
        return null;
      },
    );
  }

  /** Starts the entry's queued job (the pool's runner); its last record goes to the job's `done`. */
  #startJob(entry: TaskEntry): Promise<unknown> {
    const job = entry.job;
    const { slotMs, slots, trigger, done } = job;
    job.slots = null;
    job.done = null;
    const run = this.#job(entry, slots ?? [slotMs], trigger);
    return done ? run.then(done) : run;
  }

  async #job(
    entry: TaskEntry,
    slots: readonly (Date | number)[],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null> {
    let last: ExecutionRecord | null = null;
    try {
      for (const slot of slots) {
        const { record, stop } = await this.runSlot(entry, +slot, trigger);
        last = record ?? last;
        if (stop) break;
      }
    } catch (error) {
      this.#deps.error(error, "run task", entry.task.taskId);
    } finally {
      entry.busy = false;
      entry.running = false;
    }
    return last;
  }

  /** Why the slot cannot run now, or null. A manual run was asked for: only shutdown stops it. */
  #skipReason(entry: TaskEntry, trigger: RunTrigger): RunSkipEvent["reason"] | null {
    if (this.#stop.signal.aborted) return "stopping";
    if (entry.removed) return "inactive";
    return entry.state.paused && trigger !== "manual" ? "paused" : null;
  }

  /** One slot from claim to release; `stop` ends the job (interrupted, lease held elsewhere). */
  async runSlot(
    entry: TaskEntry,
    slotMs: number,
    trigger: RunTrigger,
  ): Promise<{ record: ExecutionRecord | null; stop: boolean }> {
    const { store, leaser, clock, heartbeat } = this.#deps;
    const id = entry.task.taskId;
    const reclaimed = this.#reclaimed.delete(`${id}@${slotMs}`);
    const early = this.#skipReason(entry, trigger);
    if (early) return { record: await this.recordSkip(entry, slotMs, early, trigger), stop: true };

    // 1. Claim. A slot whose claim is lost is never dropped: its holder runs it, or this process
    // claims it again later (after a crash, once the holder's lease has expired). A store that
    // can (`TaskLeaser.begin`) also reads the state and opens the first attempt's record, in the
    // same step as the claim.
    let begun: BegunSlot | null = null;
    let won: boolean;
    if (leaser.begin) {
      begun = await leaser.begin({
        execution: runningRecord(entry, slotMs, 1, trigger, this.#deps.instanceId, clock.now()),
        now: clock.now(),
        onlyIfNotRun: trigger !== "manual",
      });
      won = begun !== null;
    } else won = (await leaser.claim([id], clock.now())).length > 0;
    if (!won) {
      this.#leftToHolder(entry, slotMs, trigger);
      return NO_RESULT;
    }
    let opened = begun?.record ?? null;
    let hung: AttemptControl | null = null;
    let released = false;
    try {
      // 2. Re-read the stored state: another instance may have run the slot or changed the task.
      const stored = begun ? begun.state : await store.loadTask(id);
      const late = this.#skipReason(entry, trigger);
      if (late) {
        const record = opened
          ? await this.#closeSkipped(entry, slotMs, late, trigger, opened)
          : await this.recordSkip(entry, slotMs, late, trigger);
        opened = null;
        return { record, stop: true };
      }
      if (stored && trigger !== "manual" && (stored.lastRun?.getTime() ?? -Infinity) >= slotMs) {
        // `begin` opened no record here (`onlyIfNotRun`); a store that did anyway gets it closed.
        if (opened) await this.#closeSkipped(entry, slotMs, "already-run", trigger, opened);
        opened = null;
        // A slot tried again after a lost claim may have been passed by a later slot without
        // anyone running it (every claimant lost it to a row being saved): record it then. A
        // `lastRun` of exactly this slot means its holder ran it (and recorded it): no lookup.
        const passed = (stored.lastRun?.getTime() ?? -Infinity) > slotMs;
        if (reclaimed && passed && !(await this.#slotRecorded(id, slotMs))) {
          this.#adopt(entry, stored);
          return {
            record: await this.recordSkip(entry, slotMs, "already-run", trigger),
            stop: false,
          };
        }
        this.#announceSkip(entry, slotMs, "already-run");
        this.#adopt(entry, stored);
        return { record: null, stop: false };
      }
      // Another instance's change bumps the version; an unchanged state keeps the engine's own
      // object (the re-read copy is dropped at once instead of living on as the task's state).
      if (stored && stored.version !== entry.state.version) entry.state = stored;

      // 3. The attempts, with retries.
      entry.running = true;
      heartbeat.track(entry);
      const result = await this.#attempts(entry, slotMs, trigger, opened);
      opened = null;
      entry.running = false;
      hung = result.hung;

      // 4 + 5 (+ 6 when the store can do it in one step). Settle and save.
      entry.settling = !hung;
      const settled = await this.#settle(entry, slotMs, trigger, result);
      released = settled.released;
      return { record: settled.record, stop: result.interrupted || hung !== null };
    } finally {
      entry.settling = false;
      // A run that ignores its signal still holds its task, its lease and its place in the pool
      // until it settles (or shutdown gives up on it).
      if (hung) await raceStop(hung.whenSettled(), this.#stop.signal);
      heartbeat.untrack(entry);
      // 6. Release.
      if (!released) {
        try {
          await leaser.release([id]);
        } catch (error) {
          this.#deps.error(error, "release lease", id);
        }
      }
    }
  }

  /**
   * The attempts of one slot: record, run, record the end, retry retryable failures. `opened` is
   * the first attempt's record when `TaskLeaser.begin` opened it with the claim.
   */
  async #attempts(
    entry: TaskEntry,
    slotMs: number,
    trigger: RunTrigger,
    opened: ExecutionRecord | null,
  ): Promise<SlotResult> {
    const { store, clock, events, deadlines, actors } = this.#deps;
    const task = entry.task;
    const slot: SlotContext = {
      taskId: task.taskId,
      actorName: task.actor.name,
      scheduledFor: new Date(slotMs),
      slotMs,
      clock,
      instanceId: this.#deps.instanceId,
      services: entry.services,
      idempotencyKey: null,
    };
    for (let attempt = 1; ; attempt++) {
      const attemptTrigger: RunTrigger = attempt === 1 ? trigger : "retry";
      let startedAt = clock.now();
      let started: ExecutionRecord;
      try {
        if (attempt === 1 && opened) {
          started = opened;
          startedAt = opened.startedAt;
        } else
          started = await store.start(
            runningRecord(entry, slotMs, attempt, attemptTrigger, slot.instanceId, startedAt),
          );
      } catch (error) {
        // No record could be opened: the slot fails (and counts) without running the actor.
        this.#deps.error(error, "record run start", slot.taskId);
        const outcome = failedOutcome(ActorError.from(error, { taskId: slot.taskId }));
        return { record: null, open: null, outcome, interrupted: false, hung: null };
      }
      const control = new AttemptControl();
      let outcome: AttemptOutcome;
      if (this.#stop.signal.aborted) {
        // Shutdown began while the record was being opened: the actor is not started.
        control.abort(this.#stop.signal.reason);
        outcome = {
          status: "interrupted",
          result: null,
          error: ActorError.from(this.#stop.signal.reason),
          retryable: false,
        };
      } else {
        if (events.has("run:start")) emitStart(events, slot, attempt, attemptTrigger, started);
        const ctx = new AttemptContext(slot, attempt, attemptTrigger, control);
        outcome = await runAttempt(actors, ctx, control, task.timeoutMs, deadlines);
      }
      const completedAt = clock.now();
      const last =
        outcome.status === "interrupted" ||
        outcome.status === "succeeded" ||
        !outcome.retryable ||
        attempt > task.retries;
      if (last && control.settled && this.#deps.leaser.settle) {
        // The slot ends here: its record is closed with the state and the lease, in one call.
        const open = { slot, started, trigger: attemptTrigger, completedAt };
        return {
          record: null,
          open,
          outcome,
          interrupted: outcome.status === "interrupted",
          hung: null,
        };
      }
      const record = await finishRecord(store, this.#deps.error, started, outcome, completedAt);
      reportAttempt(
        events,
        this.#deps.logger,
        slot,
        record,
        attemptTrigger,
        outcome,
        completedAt.getTime() - +startedAt,
      );

      let hung: AttemptControl | null = null;
      if (!control.settled && !this.#stop.signal.aborted) {
        // The actor ignored its signal. It keeps its task: nothing runs beside it. Past the hard
        // limit (another full timeout) the task is paused with an alert.
        const settled = await raceTimeout(
          control.whenSettled(),
          clock,
          task.timeoutMs,
          this.#stop.signal,
        );
        if (!settled && !this.#stop.signal.aborted) hung = control;
      }
      if (hung) return { record, open: null, outcome, interrupted: false, hung };
      if (outcome.status === "interrupted")
        return { record, open: null, outcome, interrupted: true, hung: null };
      if (last) return { record, open: null, outcome, interrupted: false, hung: null };
      if (!(await this.#backoff(entry, attempt, outcome)))
        return { record, open: null, outcome, interrupted: true, hung: null };
    }
  }

  /** Waits before retry `attempt + 1` (at least what a rate limit asked for); false at shutdown. */
  async #backoff(entry: TaskEntry, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
    const signal = this.#stop.signal;
    if (signal.aborted) return false;
    const task = entry.task;
    const backoff = backoffDelayMs(
      attempt,
      task.backoffBaseMs,
      task.backoffMaxMs,
      this.#deps.random,
    );
    const asked = outcome.error?.context.retryAfterMs;
    const delay = typeof asked === "number" && asked > backoff ? Math.ceil(asked) : backoff;
    try {
      await this.#deps.clock.sleep(delay, signal);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Applies the slot's verdict (breaker, completion, next run), saves, alerts. When the last
   * attempt's record is still open, it is closed with the save and the lease is given up, in one
   * `TaskLeaser.settle` call (`released`); if that call fails, the separate calls are made.
   */
  async #settle(
    entry: TaskEntry,
    slotMs: number,
    trigger: RunTrigger,
    result: SlotResult,
  ): Promise<{ record: ExecutionRecord | null; released: boolean }> {
    const { clock } = this.#deps;
    const manual = trigger === "manual";
    const status = result.interrupted
      ? "interrupted"
      : result.outcome.status === "succeeded"
        ? "succeeded"
        : "failed";
    // The entry that exists now: a reload may have replaced the task's definition meanwhile.
    const state = entry.state;
    state.actorName = entry.task.actor.name;
    let alert = applySlotVerdict(
      state,
      {
        status,
        slotMs,
        error: result.outcome.error,
        completesTask: entry.task.schedule.type === "once" && !manual,
        manual,
      },
      entry.task.maxConsecutiveFailures,
      clock,
    );
    if (result.hung && !state.paused) {
      const seconds = (2 * entry.task.timeoutMs) / 1000;
      alert = pauseWithAlert(
        state,
        "run-hung",
        {
          code: "timeout",
          message: `a run of ${entry.task.taskId} ignored its AbortSignal and is still going ${seconds}s after it started; the task is paused until it is resumed`,
        },
        clock,
      );
    }
    if (alert) this.#deps.queueNext(entry, null);
    const stopped = state.paused || !state.active || state.completed || entry.removed;
    const pending = entry.nextSlotMs; // NaN: none
    setInstant(
      state,
      "nextRun",
      stopped
        ? Number.NaN
        : status === "interrupted" && !manual && (Number.isNaN(pending) || slotMs < pending)
          ? slotMs
          : pending,
    );
    let record = result.record;
    let released = false;
    const open = result.open;
    if (!open) await this.#deps.save(entry, state);
    else {
      ({ record, released } = await this.#closeWithState(entry, state, open, result.outcome));
      reportAttempt(
        this.#deps.events,
        this.#deps.logger,
        open.slot,
        record,
        open.trigger,
        result.outcome,
        open.completedAt.getTime() - open.started.startedAt.getTime(),
      );
    }
    if (alert) await this.#alert(alert);
    return { record, released };
  }

  /** Closes the open record, saves `state` and releases, in one call if the store can. */
  async #closeWithState(
    entry: TaskEntry,
    state: TaskState,
    open: OpenAttempt,
    outcome: AttemptOutcome,
  ): Promise<{ record: ExecutionRecord; released: boolean }> {
    const { leaser, store } = this.#deps;
    if (leaser.settle) {
      try {
        const outcomeRecord = attemptRecord(outcome, open.completedAt);
        const record = await settleEntryState(
          leaser as Required<TaskLeaser>,
          entry,
          open.started.id,
          outcomeRecord,
        );
        return { record, released: true };
      } catch (error) {
        this.#deps.error(error, "settle slot", entry.task.taskId);
      }
    }
    const record = await finishRecord(
      store,
      this.#deps.error,
      open.started,
      outcome,
      open.completedAt,
    );
    await this.#deps.save(entry, state);
    return { record, released: false };
  }

  /** After the state is saved: announces the pause and sends the alert. */
  async #alert(alert: Alert): Promise<void> {
    const { events, alerts, logger } = this.#deps;
    events.emit("task:paused", { taskId: alert.taskId, reason: "circuit-open" });
    events.emit("circuit:open", {
      ...alert,
      lastError: { ...alert.lastError },
      at: new Date(+alert.at),
    });
    logger.error(
      {
        taskId: alert.taskId,
        actorName: alert.actorName,
        kind: alert.kind,
        lastError: alert.lastError,
      },
      `task ${alert.taskId} paused (${alert.kind}): ${alert.lastError.message}`,
    );
    if (alerts)
      await alerts
        .send(alert)
        .catch((e: unknown) => this.#deps.error(e, "send alert", alert.taskId));
  }

  /**
   * The claim was lost: another owner holds the task, and is about to run the slot or running it.
   * Nothing is read now (the holder has rarely finished yet, so a read would only find the slot
   * still to run); the slot comes back after `reclaimAfterMs`, when a read settles it if the holder
   * ran it, and otherwise it is claimed again, so a holder that died leaves the slot to whoever
   * claims it after its lease expires.
   */
  #leftToHolder(entry: TaskEntry, slotMs: number, trigger: RunTrigger): void {
    this.#announceSkip(entry, slotMs, "leased-elsewhere");
    if (trigger === "manual" || this.#stop.signal.aborted) return;
    this.#retryReclaim(entry, slotMs, trigger);
  }

  /**
   * The slot left to its holder comes back. The task is read first: when the holder has run the
   * slot (the usual case, it was only busy), the read settles it, without the claim and release —
   * two row writes on a database — that running the slot again would cost. Otherwise the slot is
   * submitted again (a claim, then the checks of `runSlot`).
   */
  #reclaim(entry: TaskEntry, slotMs: number, trigger: RunTrigger): void {
    if (this.#stop.signal.aborted || entry.removed || entry.state.paused) return;
    if (entry.busy) return this.#retryReclaim(entry, slotMs, trigger);
    let cancelled = false;
    const reading = { cancel: () => void (cancelled = true) };
    this.#reclaims.add(reading);
    const id = entry.task.taskId;
    this.#deps.store
      .loadTask(id)
      .catch((error: unknown) => {
        this.#deps.error(error, "load task", id);
        return null;
      })
      .then((stored) => {
        this.#reclaims.delete(reading);
        if (cancelled || this.#stop.signal.aborted || entry.removed) return;
        if (stored && stored.lastRun?.getTime() === slotMs) {
          if (!entry.busy) this.#adopt(entry, stored);
          return;
        }
        if (entry.state.paused) return;
        if (entry.busy) return this.#retryReclaim(entry, slotMs, trigger);
        this.#reclaimed.add(`${id}@${slotMs}`);
        this.submit(entry, [new Date(slotMs)], trigger);
      });
  }

  /** Comes back for the slot after `reclaimAfterMs` (its holder, or this task, has work in flight). */
  #retryReclaim(entry: TaskEntry, slotMs: number, trigger: RunTrigger): void {
    const timer = this.#deps.clock.setTimer(this.#deps.reclaimAfterMs, () => {
      this.#reclaims.delete(timer);
      this.#reclaim(entry, slotMs, trigger);
    });
    this.#reclaims.add(timer);
  }

  /** Whether some instance recorded an execution of this slot. */
  async #slotRecorded(taskId: string, slotMs: number): Promise<boolean> {
    const recent = await this.#deps.store.history(taskId, { limit: 100 });
    return recent.some((r) => r.scheduledFor.getTime() === slotMs);
  }

  /** Announces a slot that belongs to another owner (its record is that owner's). */
  #announceSkip(
    entry: TaskEntry,
    slotMs: number,
    reason: "leased-elsewhere" | "already-run",
  ): void {
    if (!this.#deps.events.has("run:skip")) return;
    this.#deps.events.emit("run:skip", {
      taskId: entry.task.taskId,
      actorName: entry.task.actor.name,
      scheduledFor: new Date(slotMs),
      reason,
      record: null,
    });
  }

  /** Takes over state another instance saved (its next run, pause...). */
  #adopt(entry: TaskEntry, stored: TaskState): void {
    entry.state = stored;
    const runnable = stored.active && !stored.paused && !stored.completed;
    if (!runnable) this.#deps.queueNext(entry, null);
    else if (
      stored.nextRun &&
      (Number.isNaN(entry.nextSlotMs) || stored.nextRun.getTime() > entry.nextSlotMs)
    )
      this.#deps.queueNext(entry, stored.nextRun);
  }
}

function setJob(job: QueuedJob, slots: Date[], trigger: RunTrigger, done: QueuedJob["done"]): void {
  job.slotMs = slots.length === 1 ? slots[0]!.getTime() : Number.NaN;
  job.slots = slots.length === 1 ? null : slots;
  job.trigger = trigger;
  job.done = done;
}

/** The `running` record of attempt `attempt` of the slot at `slotMs`. */
function runningRecord(
  entry: TaskEntry,
  slotMs: number,
  attempt: number,
  trigger: RunTrigger,
  instanceId: string,
  startedAt: Date,
): NewExecution {
  return {
    taskId: entry.task.taskId,
    actorName: entry.task.actor.name,
    scheduledFor: new Date(slotMs),
    startedAt,
    attempt,
    instanceId,
    metadata: { trigger },
  };
}
