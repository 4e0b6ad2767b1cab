import type { Entry } from "./codec.js";
import type { StoredExecution, StoredInstanceSlot, StoredPost, StoredTask } from "./stored.js";

/**
 * Everything the store holds, in memory, with the indexes its queries use. Changed only through
 * {@link StoreState.apply} (or the `apply*` methods it calls): the live write path and the replay
 * of a snapshot or journal make the same changes from the same entries.
 */
export class StoreState {
  readonly tasks = new Map<string, StoredTask>();
  /** By id; insertion order is id order. */
  readonly executions = new Map<number, StoredExecution>();
  /** Each task's executions in id order. */
  readonly executionsByTask = new Map<string, StoredExecution[]>();
  /** Executions whose status is `running`. */
  readonly running = new Map<number, StoredExecution>();
  readonly posts = new Map<string, StoredPost>();
  readonly postsByTask = new Map<string, StoredPost[]>();
  readonly postsByActor = new Map<string, StoredPost[]>();
  readonly instances = new Map<string, StoredInstanceSlot>();
  /** The id the next `start` gets. */
  nextExecutionId = 1;

  apply(entry: Entry): void {
    switch (entry.op) {
      case "t":
        return this.applyTask(entry.task);
      case "d":
        this.tasks.delete(entry.taskId);
        return;
      case "e":
        return this.applyExecution(entry.execution);
      case "x":
        return this.removeExecutions(entry.ids);
      case "p":
        return this.applyPost(entry.post);
      case "i":
        this.instances.set(entry.slot.instanceId, entry.slot);
        return;
    }
  }

  /** Stores `task`, updating the stored object in place (leases hold on to it). */
  applyTask(task: StoredTask): void {
    const held = this.tasks.get(task.taskId);
    if (held) Object.assign(held, task);
    else this.tasks.set(task.taskId, task);
  }

  /** Stores an execution: a new one is indexed, a known one is updated in place. */
  applyExecution(execution: StoredExecution): void {
    const held = this.executions.get(execution.id);
    const stored = held ? Object.assign(held, execution) : execution;
    if (!held) {
      this.executions.set(stored.id, stored);
      const list = this.executionsByTask.get(stored.taskId);
      if (list) list.push(stored);
      else this.executionsByTask.set(stored.taskId, [stored]);
      if (stored.id >= this.nextExecutionId) this.nextExecutionId = stored.id + 1;
    }
    if (stored.status === "running") this.running.set(stored.id, stored);
    else this.running.delete(stored.id);
  }

  removeExecutions(ids: readonly number[]): void {
    const touched = new Set<string>();
    for (const id of ids) {
      const held = this.executions.get(id);
      if (!held) continue;
      this.executions.delete(id);
      this.running.delete(id);
      touched.add(held.taskId);
    }
    for (const taskId of touched) {
      const kept = this.executionsByTask.get(taskId)!.filter((e) => this.executions.has(e.id));
      if (kept.length > 0) this.executionsByTask.set(taskId, kept);
      else this.executionsByTask.delete(taskId);
    }
  }

  /** Stores a post; the first record of a key wins, as `recordPost` promises. */
  applyPost(post: StoredPost): void {
    if (this.posts.has(post.idempotencyKey)) return;
    this.posts.set(post.idempotencyKey, post);
    index(this.postsByTask, post.taskId, post);
    index(this.postsByActor, post.actorName, post);
  }

  /** Every record as entries, in an order that replays to this state (snapshots). */
  *entries(): Generator<Entry> {
    for (const task of this.tasks.values()) yield { op: "t", task };
    for (const execution of this.executions.values()) yield { op: "e", execution };
    for (const post of this.posts.values()) yield { op: "p", post };
    for (const slot of this.instances.values()) yield { op: "i", slot };
  }
}

function index<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
