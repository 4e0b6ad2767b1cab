import { isActorError, type ActorStore, type TaskLeaser } from "@actor/core";

/** Options of {@link closeDeadRuns}. */
export interface DeadRunSweep {
  store: ActorStore;
  leaser: TaskLeaser;
  instanceId: string;
  now: Date;
  /**
   * At start, after this process registered its instance id: every `running` record of the id
   * comes from a dead process (two live processes cannot hold one id). While running: false.
   */
  ownAreDead: boolean;
  /** Whether this process has work of the task queued or running (its lease is then its own). */
  isBusy(taskId: string): boolean;
}

/**
 * Closes as `abandoned` the executions left `running` by a dead owner: records of this instance id
 * from an earlier process (`ownAreDead`), records of another instance whose task this instance can
 * claim (no live owner holds its lease), and records no live owner could be running (the task is
 * missing, paused, completed or inactive). Returns how many were closed. Run at start and, while
 * running, every third of the lease TTL, so a crashed peer's run is closed within one sweep of
 * its lease expiring and its slot (still due in the stored state) runs again under the same key.
 */
export async function closeDeadRuns(sweep: DeadRunSweep): Promise<number> {
  const { store, leaser, instanceId, now } = sweep;
  let closed = 0;
  for (const record of await store.running()) {
    const own = record.instanceId === instanceId;
    if (own && !sweep.ownAreDead) continue;
    let claimed = false;
    let dead = own;
    if (!dead) {
      claimed = (await leaser.claim([record.taskId], now)).length > 0;
      dead = claimed;
    }
    if (!dead) {
      const state = await store.loadTask(record.taskId);
      dead = !state || !state.active || state.paused || state.completed;
    }
    if (!dead) continue;
    try {
      await store.finish(record.id, {
        status: "abandoned",
        completedAt: now,
        errorCode: "aborted",
        errorMessage: own
          ? `an earlier process of instance ${record.instanceId} stopped before the run finished`
          : `owner ${record.instanceId} stopped before the run finished`,
      });
      closed++;
    } catch (error) {
      // Closed meanwhile by its owner or another sweeper: nothing left to do.
      if (!isActorError(error) || (error.code !== "invalid-state" && error.code !== "not-found"))
        throw error;
    } finally {
      // Released unless this process is about to use the lease itself.
      if (claimed && !sweep.isBusy(record.taskId)) await leaser.release([record.taskId]);
    }
  }
  return closed;
}
