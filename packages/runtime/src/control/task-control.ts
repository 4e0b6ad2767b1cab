import {
  ActorError,
  type ActorStore,
  type Clock,
  type ExecutionRecord,
  type TaskState,
  type TaskStatus,
} from "@actor/core";
import { describe } from "@actor/schedule";
import type { Dispatcher } from "./dispatcher.js";
import type { RuntimeEvents, TypedEmitter } from "./events.js";
import { reconcileTask } from "./recovery.js";
import type { ResolvedTask } from "./task-definition.js";
import { noJob, snapshotState, taskServices, type TaskEntry } from "./task-entry.js";

/**
 * The running server's task operations: installing and reconciling tasks (start, reload) and the
 * control surface (trigger, status, pause, resume). Every change is saved before it returns.
 */
export class TaskControl {
  /** Entries removed by a reload while a run of theirs is in flight, by task id. */
  readonly #retiring = new Map<string, TaskEntry>();

  constructor(
    private readonly store: ActorStore,
    private readonly clock: Clock,
    private readonly events: TypedEmitter<RuntimeEvents>,
    private readonly dispatcher: Dispatcher,
    private readonly tasks: Map<string, TaskEntry>,
    private readonly shared: Readonly<Record<string, unknown>>,
  ) {}

  /** At start: reconciles every configured task with the store; stored tasks no longer configured become inactive. */
  async install(definitions: readonly ResolvedTask[], now: Date): Promise<void> {
    this.tasks.clear();
    const stored = new Map((await this.store.listTasks()).map((s) => [s.taskId, s]));
    // The saves go out together (a store that batches answers many in one write), a bounded
    // number at a time; each task is queued once its own save is done.
    let saving: Promise<unknown>[] = [];
    const drain = async () => {
      await Promise.all(saving);
      saving = [];
    };
    for (const task of definitions) {
      saving.push(this.#add(task, stored.get(task.taskId) ?? null, now));
      if (saving.length >= INSTALL_SAVES_IN_FLIGHT) await drain();
    }
    const configured = new Set(definitions.map((t) => t.taskId));
    for (const state of stored.values()) {
      if (!configured.has(state.taskId) && state.active) {
        saving.push(this.store.saveTask({ ...state, active: false, nextRun: null }));
        if (saving.length >= INSTALL_SAVES_IN_FLIGHT) await drain();
      }
    }
    await drain();
  }

  /**
   * Adds new tasks (an `immediate` one fires), deactivates removed ones and applies changes,
   * keeping state. A task removed while a run of it is in flight and added back before the run
   * ends gets its live entry back: one entry per task id, never two runs of one task.
   */
  async reload(definitions: readonly ResolvedTask[], now: Date): Promise<void> {
    const wanted = new Map(definitions.map((t) => [t.taskId, t]));
    for (const [id, entry] of this.#retiring) if (!entry.busy) this.#retiring.delete(id);
    for (const [id, entry] of [...this.tasks]) {
      if (wanted.has(id)) continue;
      entry.removed = true;
      this.dispatcher.queueNext(entry, null);
      this.tasks.delete(id);
      if (entry.busy) this.#retiring.set(id, entry);
      await this.dispatcher.save(entry, { ...entry.state, active: false, nextRun: null });
    }
    for (const task of definitions) {
      let entry = this.tasks.get(task.taskId);
      let revived = false;
      if (!entry) {
        const retired = this.#retiring.get(task.taskId);
        this.#retiring.delete(task.taskId);
        if (retired?.busy) {
          retired.removed = false;
          this.tasks.set(task.taskId, retired);
          entry = retired;
          revived = true;
        }
      }
      if (!entry) {
        await this.#add(task, await this.store.loadTask(task.taskId), now);
        continue;
      }
      const { schedule, state, changed } = reconcileTask(task, entry.state, now, revived);
      const rescheduled = revived || state.scheduleKey !== entry.state.scheduleKey;
      entry.task = task;
      entry.schedule = schedule;
      entry.services = taskServices(task, this.shared);
      if (changed) await this.dispatcher.save(entry, state);
      if (rescheduled) this.dispatcher.queueNext(entry, state.nextRun);
    }
  }

  async #add(task: ResolvedTask, stored: TaskState | null, now: Date): Promise<void> {
    const { schedule, state, changed } = reconcileTask(task, stored, now, true);
    const entry: TaskEntry = {
      task,
      schedule,
      state,
      services: taskServices(task, this.shared),
      nextSlotMs: Number.NaN,
      busy: false,
      running: false,
      removed: false,
      job: noJob(),
      heartbeatIndex: -1,
      settling: false,
    };
    this.tasks.set(task.taskId, entry);
    if (changed) await this.dispatcher.save(entry, state);
    this.dispatcher.queueNext(entry, state.nextRun);
  }

  async executeTask(taskId: string): Promise<ExecutionRecord> {
    const entry = this.#entry(taskId);
    const now = this.clock.now();
    if (entry.state.paused || entry.state.completed) {
      throw new ActorError(
        "invalid-state",
        `task ${taskId} is ${entry.state.paused ? "paused; resume it" : "completed"} first`,
        {
          context: { taskId, actorName: entry.task.actor.name },
        },
      );
    }
    const record = entry.busy
      ? await this.dispatcher.recordSkip(entry, now, "overlap", "manual")
      : await this.dispatcher.runNow(entry, now, "manual");
    if (!record)
      throw new ActorError(
        "conflict",
        `task ${taskId} could not be run now: another instance holds it, or its run could not be recorded (see the error log)`,
        { context: { taskId, actorName: entry.task.actor.name } },
      );
    return record;
  }

  async taskStatus(taskId: string): Promise<TaskStatus> {
    const entry = this.tasks.get(taskId);
    if (entry) return this.#status(entry);
    const stored = await this.store.loadTask(taskId);
    if (!stored) throw new ActorError("not-found", `no task ${taskId}`, { context: { taskId } });
    return inactiveStatus(stored);
  }

  async listTasks(): Promise<TaskStatus[]> {
    const inactive = (await this.store.listTasks()).filter((s) => !this.tasks.has(s.taskId));
    const live = [...this.tasks.values()].map((e) => this.#status(e));
    const all = [...live, ...inactive.map(inactiveStatus)];
    return all.sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
  }

  async pauseTask(taskId: string): Promise<TaskStatus> {
    const entry = this.#entry(taskId);
    if (!entry.state.paused) {
      this.dispatcher.queueNext(entry, null);
      await this.dispatcher.save(entry, {
        ...entry.state,
        paused: true,
        pauseReason: "manual",
        nextRun: null,
      });
      this.events.emit("task:paused", { taskId, reason: "manual" });
    }
    return this.#status(entry);
  }

  async resumeTask(taskId: string): Promise<TaskStatus> {
    const entry = this.#entry(taskId);
    if (entry.state.paused) {
      const next = entry.state.completed ? null : entry.schedule.nextAfter(this.clock.now());
      this.dispatcher.queueNext(entry, next);
      await this.dispatcher.save(entry, {
        ...entry.state,
        paused: false,
        pauseReason: null,
        consecutiveFailures: 0,
        nextRun: next,
      });
    }
    return this.#status(entry);
  }

  #entry(taskId: string): TaskEntry {
    const entry = this.tasks.get(taskId);
    if (!entry)
      throw new ActorError("not-found", `no configured task ${taskId}`, { context: { taskId } });
    return entry;
  }

  #status(entry: TaskEntry): TaskStatus {
    return {
      ...snapshotState(entry.state),
      metadata: copyMetadata(entry.state.metadata),
      running: entry.running,
      schedule: describe(entry.task.schedule),
    };
  }
}

/** The status of a stored task that is not configured. */
function inactiveStatus(state: TaskState): TaskStatus {
  return { ...state, running: false, schedule: "not configured (inactive)" };
}

/** A deep copy of task metadata (JSON-like data), so a status reader cannot change the engine. */
function copyMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(metadata);
  } catch {
    return JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
  }
}

/** Saves at once while tasks are installed at start. */
const INSTALL_SAVES_IN_FLIGHT = 1_024;
