import type {
  ExecutionOutcome,
  ExecutionRecord,
  StatePersistence,
  TaskLeaser,
  TaskState,
} from "@actor/core";
import { snapshotState, type TaskEntry } from "./task-entry.js";

/**
 * Makes `state` the task's state and saves it; a failed save goes to `onError` (never rejects).
 * The entry's state is updated in place by later runs, so the store must get an object the engine
 * never touches again: a new `state` from the caller is saved as it is and the entry keeps a
 * copy; the entry's own state is saved as a snapshot. One copy per save either way. Only the
 * store's `version` and `updatedAt` are taken back: its returned copy is dropped at once, so a
 * run leaves no new long-lived object behind.
 */
export function saveEntryState(
  store: StatePersistence,
  entry: TaskEntry,
  state: TaskState,
  onError: (error: unknown) => void,
): Promise<void> {
  const isOwn = state === entry.state;
  const own = isOwn ? state : snapshotState(state);
  entry.state = own;
  let saving: Promise<TaskState>;
  try {
    saving = store.saveTask(isOwn ? snapshotState(state) : state);
  } catch (error) {
    saving = Promise.reject(error);
  }
  return saving.then(
    (saved) => {
      if (entry.state !== own) return;
      own.version = saved.version;
      own.updatedAt.setTime(saved.updatedAt.getTime());
    },
    (error: unknown) => onError(error),
  );
}

/**
 * The settle path of {@link saveEntryState}: closes the slot's record with `outcome`, makes `state`
 * the task's state and saves it, and gives up the lease, in one `TaskLeaser.settle` call. Resolves
 * with the closed record, or rejects with the store's error (then nothing was stored and the
 * caller falls back to the separate calls). `state` is the entry's own state.
 */
export async function settleEntryState(
  leaser: TaskLeaser & Required<Pick<TaskLeaser, "settle">>,
  entry: TaskEntry,
  executionId: string,
  outcome: ExecutionOutcome,
): Promise<ExecutionRecord> {
  const own = entry.state;
  const settled = await leaser.settle({ executionId, outcome, state: snapshotState(own) });
  if (entry.state === own) {
    own.version = settled.state.version;
    own.updatedAt.setTime(settled.state.updatedAt.getTime());
  }
  return settled.record;
}
