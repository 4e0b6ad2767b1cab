import { describe, expect, it } from "vitest";
import { at, MINUTE, minutesAfterT0 } from "./instants.js";
import { startAt } from "./records.js";
import type { StoreFixture } from "./store-harness.js";

/** ExecutionLog.history: per-task, newest first, `limit` and `before` paging. */
export function describeHistoryContract(fx: StoreFixture): void {
  describe("execution history", () => {
    it("history lists only the task's records, newest startedAt first", async () => {
      const ids = await startAt(fx, "t", [5, 1, 9, 3]);
      await startAt(fx, "other", [4, 10]);
      const history = await fx.store.history("t");
      expect(history.map((r) => r.id)).toEqual([ids[2], ids[0], ids[3], ids[1]]);
      expect(await fx.store.history("never-ran")).toEqual([]);
    });

    it("history returns at most 50 records by default and at most `limit` when given", async () => {
      await startAt(
        fx,
        "t",
        Array.from({ length: 55 }, (_, i) => i),
      );
      const all = await fx.store.history("t");
      expect(all).toHaveLength(50);
      expect(all[0]!.startedAt).toEqual(at(54 * MINUTE));
      expect((await fx.store.history("t", { limit: 3 })).map((r) => r.startedAt)).toEqual([
        at(54 * MINUTE),
        at(53 * MINUTE),
        at(52 * MINUTE),
      ]);
      expect(await fx.store.history("t", { limit: 0 })).toEqual([]);
    });

    it("history `before` returns records started strictly earlier, so pages never overlap", async () => {
      await startAt(fx, "t", [0, 1, 2, 3, 4, 5, 6]);
      expect(
        (await fx.store.history("t", { before: at(3 * MINUTE) })).map((r) => r.startedAt),
      ).toEqual([at(2 * MINUTE), at(MINUTE), at(0)]);
      const seen: number[] = [];
      let before: Date | undefined;
      for (;;) {
        const page = await fx.store.history(
          "t",
          before === undefined ? { limit: 3 } : { limit: 3, before },
        );
        if (page.length === 0) break;
        seen.push(...page.map((r) => minutesAfterT0(r.startedAt)));
        before = page[page.length - 1]!.startedAt;
      }
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
    });
  });
}
