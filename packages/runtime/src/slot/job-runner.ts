import type { ExecutionRecord, RunTrigger } from "@actor/core";
import type { RunSkipEvent } from "../control/events.js";
import { RunPool } from "../timing/run-pool.js";
import type { SlotExecutor } from "./slot-executor.js";
import type { QueuedJob, TaskEntry } from "../control/task-entry.js";

/** What a {@link JobRunner} calls back into its dispatcher for. */
export interface JobRunnerHost {
  recordSkip(
    entry: TaskEntry,
    slot: Date,
    reason: RunSkipEvent["reason"],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null>;
  error(error: unknown, operation: string, taskId?: string): void;
}

/**
 * The jobs of tasks in the bounded pool. A task has at most one job (`busy`), so the pool queues
 * the task's entry itself, with the job in `entry.job`: a backlog allocates nothing per job. A job
 * runs its slots one after another; a task paused or removed meanwhile, or a server stopping,
 * turns the rest into `skipped` records.
 */
export class JobRunner {
  readonly pool: RunPool<TaskEntry>;
  readonly #executor: SlotExecutor;
  readonly #host: JobRunnerHost;
  #stopping = false;

  constructor(limit: number, executor: SlotExecutor, host: JobRunnerHost) {
    this.pool = new RunPool<TaskEntry>(limit, (entry) => this.#start(entry));
    this.#executor = executor;
    this.#host = host;
  }

  /** From now on, jobs that start record their slots as skipped (`stopping`). */
  stop(): void {
    this.#stopping = true;
  }

  /** Queues a job running `slots` of the task one after another (in the pool's order). */
  submit(entry: TaskEntry, slots: Date[], trigger: RunTrigger): void {
    entry.busy = true;
    setJob(entry.job, slots, trigger, null);
    this.pool.submit(entry);
  }

  /** Runs one slot ahead of waiting work (a manual trigger); resolves with its last record. */
  runNow(entry: TaskEntry, slot: Date, trigger: RunTrigger): Promise<ExecutionRecord | null> {
    entry.busy = true;
    return new Promise((resolve) => {
      setJob(entry.job, [slot], trigger, resolve);
      this.pool.submit(entry, true);
    });
  }

  /** Starts the entry's queued job (the pool's runner); the job's record goes to its `done`. */
  #start(entry: TaskEntry): Promise<unknown> {
    const job = entry.job;
    const { slotMs, slots, trigger, done } = job;
    job.slots = null;
    job.done = null;
    const run = slots ? this.#slots(entry, slots, trigger) : this.#one(entry, slotMs, trigger);
    return done ? run.then(done) : run;
  }

  /** Runs a one-slot job; a runnable slot skips the loop's async frame. */
  #one(entry: TaskEntry, slotMs: number, trigger: RunTrigger): Promise<ExecutionRecord | null> {
    const slot = new Date(slotMs);
    if (this.#skipReason(entry) !== null) return this.#slots(entry, [slot], trigger);
    return this.#executor.run(entry, slot, trigger).then(
      (result) => endJob(entry, result.record),
      (error: unknown) => {
        this.#host.error(error, "run task", entry.task.taskId);
        return endJob(entry, null);
      },
    );
  }

  async #slots(
    entry: TaskEntry,
    slots: Date[],
    trigger: RunTrigger,
  ): Promise<ExecutionRecord | null> {
    let last: ExecutionRecord | null = null;
    try {
      for (const slot of slots) {
        const skip = this.#skipReason(entry);
        if (skip) {
          last = await this.#host.recordSkip(entry, slot, skip, trigger);
          break;
        }
        const { record, stop } = await this.#executor.run(entry, slot, trigger);
        last = record ?? last;
        if (stop) break;
      }
    } catch (error) {
      this.#host.error(error, "run task", entry.task.taskId);
    } finally {
      endJob(entry, null);
    }
    return last;
  }

  #skipReason(entry: TaskEntry): RunSkipEvent["reason"] | null {
    if (this.#stopping) return "stopping";
    if (entry.state.paused) return "paused";
    return entry.removed ? "inactive" : null;
  }
}

function setJob(job: QueuedJob, slots: Date[], trigger: RunTrigger, done: QueuedJob["done"]): void {
  job.slotMs = slots.length === 1 ? slots[0]!.getTime() : Number.NaN;
  job.slots = slots.length === 1 ? null : slots;
  job.trigger = trigger;
  job.done = done;
}

function endJob(entry: TaskEntry, record: ExecutionRecord | null): ExecutionRecord | null {
  entry.busy = false;
  entry.running = false;
  return record;
}
