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
  const records = (await store.running()).filter(
    (record) => record.instanceId !== instanceId || sweep.ownAreDead,
  );
  if (records.length === 0) return 0;
  // One call per step for all records (a durable store batches each into one statement), not
  // three round trips per record in turn: under load there are thousands of running records.
  const others = [
    ...new Set(records.filter((r) => r.instanceId !== instanceId).map((r) => r.taskId)),
  ];
  const claimed = new Set(
    others.length > 0 ? (await leaser.claim(others, now)).map((lease) => lease.taskId) : [],
  );
  try {
    const unclaimed = others.filter((taskId) => !claimed.has(taskId));
    const states = await Promise.all(unclaimed.map((taskId) => store.loadTask(taskId)));
    const unowned = new Set(
      unclaimed.filter((_, i) => {
        const state = states[i];
        return !state || !state.active || state.paused || state.completed;
      }),
    );
    const dead = records.filter(
      (r) => r.instanceId === instanceId || claimed.has(r.taskId) || unowned.has(r.taskId),
    );
    const results = await Promise.allSettled(
      dead.map((record) =>
        store.finish(record.id, {
          status: "abandoned",
          completedAt: now,
          errorCode: "aborted",
          errorMessage:
            record.instanceId === instanceId
              ? `an earlier process of instance ${record.instanceId} stopped before the run finished`
              : `owner ${record.instanceId} stopped before the run finished`,
        }),
      ),
    );
    let closed = 0;
    for (const result of results) {
      if (result.status === "fulfilled") closed++;
      // Closed meanwhile by its owner or another sweeper: nothing left to do.
      else if (!isClosedAlready(result.reason)) throw result.reason;
    }
    return closed;
  } finally {
    // Released unless this process is about to use the lease itself.
    const idle = [...claimed].filter((taskId) => !sweep.isBusy(taskId));
    if (idle.length > 0) await leaser.release(idle);
  }
}

function isClosedAlready(error: unknown): boolean {
  return isActorError(error) && (error.code === "invalid-state" || error.code === "not-found");
}
