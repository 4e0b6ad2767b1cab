import { describe, expect, it } from "vitest";
import { makeExecution } from "../builders.js";
import { at, MINUTE, minutesAfterT0 } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** ExecutionLog.prune: by age, by count per task, never running records. */
export function describePruningContract(fx: StoreFixture): void {
  /** Records a finished (or, with `running`, unfinished) execution started `minutes` after T0. */
  async function record(taskId: string, minutes: number, running = false): Promise<string> {
    const rec = await fx.store.start(makeExecution({ taskId, startedAt: at(minutes * MINUTE) }));
    if (!running)
      await fx.store.finish(rec.id, { status: "succeeded", completedAt: at(minutes * MINUTE + 1) });
    return rec.id;
  }
  const minutesOf = async (taskId: string) =>
    (await fx.store.history(taskId, { limit: 1000 })).map((r) => minutesAfterT0(r.startedAt));

  describe("pruning", () => {
    it("olderThan removes final records started strictly before it and returns the count", async () => {
      for (const m of [0, 1, 2, 3, 4]) await record("a", m);
      await record("b", 1);
      expect(await fx.store.prune({ olderThan: at(2 * MINUTE) })).toBe(3);
      expect(await minutesOf("a")).toEqual([4, 3, 2]);
      expect(await minutesOf("b")).toEqual([]);
    });

    it("maxPerTask keeps the newest records of each task and returns the count removed", async () => {
      for (const m of [0, 1, 2, 3, 4]) await record("a", m);
      for (const m of [10, 11]) await record("b", m);
      await record("c", 20);
      expect(await fx.store.prune({ maxPerTask: 2 })).toBe(3);
      expect(await minutesOf("a")).toEqual([4, 3]);
      expect(await minutesOf("b")).toEqual([11, 10]);
      expect(await minutesOf("c")).toEqual([20]);
    });

    it("never prunes running records, however old or many", async () => {
      const stuck = await record("a", 0, true);
      for (const m of [1, 2, 3]) await record("a", m);
      expect(await fx.store.prune({ olderThan: at(60 * MINUTE), maxPerTask: 0 })).toBe(3);
      expect((await fx.store.history("a")).map((r) => r.id)).toEqual([stuck]);
      expect((await fx.store.running()).map((r) => r.id)).toEqual([stuck]);
    });

    it("applies both limits: a record goes if either says so", async () => {
      for (const m of [0, 1, 2, 3, 4, 5]) await record("a", m);
      expect(await fx.store.prune({ olderThan: at(MINUTE), maxPerTask: 3 })).toBe(3);
      expect(await minutesOf("a")).toEqual([5, 4, 3]);
      for (const m of [10, 11]) await record("b", m);
      expect(await fx.store.prune({ olderThan: at(11 * MINUTE), maxPerTask: 5 })).toBe(4);
      expect(await minutesOf("b")).toEqual([11]);
    });

    it("an empty policy removes nothing and returns 0", async () => {
      for (const m of [0, 1]) await record("a", m);
      expect(await fx.store.prune({})).toBe(0);
      expect(await minutesOf("a")).toEqual([1, 0]);
    });
  });
}
