import { makeExecution } from "../builders.js";
import { at, MINUTE } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/**
 * Starts one execution record per offset (minutes after T0) for `taskId` in `fx`'s store,
 * returning their ids in order.
 */
export async function startAt(
  fx: StoreFixture,
  taskId: string,
  minutes: readonly number[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const m of minutes)
    ids.push((await fx.store.start(makeExecution({ taskId, startedAt: at(m * MINUTE) }))).id);
  return ids;
}
