import { describe, expect, it } from "vitest";
import { makeExecution } from "../builders.js";
import { expectActorError, rejectionOf } from "./assertions.js";
import { at, MINUTE } from "./instants.js";
import { startAt } from "./records.js";
import type { StoreFixture } from "./store-harness.js";

/** ExecutionLog: start, finish, history order and paging, running(). Pruning has its own file. */
export function describeExecutionContract(fx: StoreFixture): void {
  describe("executions", () => {
    it("start returns the record with a non-empty id, status running and empty outcome fields", async () => {
      const input = makeExecution({
        taskId: "t",
        scheduledFor: at(0),
        startedAt: at(1_500),
        attempt: 2,
        instanceId: "host-α",
      });
      const rec = await fx.store.start(input);
      expect(typeof rec.id).toBe("string");
      expect(rec.id).not.toBe("");
      expect(rec).toEqual({
        ...input,
        id: rec.id,
        status: "running",
        completedAt: null,
        errorCode: null,
        errorMessage: null,
        skillsSucceeded: 0,
        skillsFailed: 0,
        skillsSkipped: 0,
        metadata: {},
      });
      expect(await fx.store.history("t")).toEqual([rec]);
    });

    it("start keeps given final fields, e.g. a skipped record with its reason", async () => {
      const rec = await fx.store.start(
        makeExecution({
          taskId: "t",
          status: "skipped",
          completedAt: at(0),
          metadata: { reason: "overlap — still running ⏳" },
        }),
      );
      const [stored] = await fx.store.history("t");
      expect(stored).toEqual(rec);
      expect(stored).toMatchObject({
        status: "skipped",
        completedAt: at(0),
        metadata: { reason: "overlap — still running ⏳" },
      });
      expect(await fx.store.running()).toEqual([]);
    });

    it("finish records the outcome, merges metadata and keeps fields the outcome leaves out", async () => {
      const rec = await fx.store.start(
        makeExecution({ taskId: "t", metadata: { plan: { skills: ["a", "b"] } } }),
      );
      const done = await fx.store.finish(rec.id, {
        status: "failed",
        completedAt: at(2_000),
        errorCode: "rate-limited",
        errorMessage: "slow down — ⏱",
        skillsSucceeded: 1,
        skillsFailed: 1,
        metadata: { posted: ["m1"] },
      });
      const expected = {
        ...rec,
        status: "failed",
        completedAt: at(2_000),
        errorCode: "rate-limited",
        errorMessage: "slow down — ⏱",
        skillsSucceeded: 1,
        skillsFailed: 1,
        skillsSkipped: 0,
        metadata: { plan: { skills: ["a", "b"] }, posted: ["m1"] },
      };
      expect(done).toEqual(expected);
      expect(await fx.store.history("t")).toEqual([expected]);
    });

    it("finishing a record twice is invalid-state and the first outcome stays", async () => {
      const rec = await fx.store.start(makeExecution({ taskId: "t" }));
      await fx.store.finish(rec.id, { status: "succeeded", completedAt: at(1) });
      const error = await rejectionOf(
        fx.store.finish(rec.id, { status: "failed", completedAt: at(2), errorCode: "internal" }),
      );
      expectActorError(error, "invalid-state");
      expect(await fx.store.history("t")).toMatchObject([
        { status: "succeeded", completedAt: at(1), errorCode: null },
      ]);
    });

    it("finishing an unknown execution id is not-found", async () => {
      await fx.store.start(makeExecution({ taskId: "t" }));
      for (const id of ["999999999", "no-such-execution"]) {
        expectActorError(
          await rejectionOf(fx.store.finish(id, { status: "succeeded", completedAt: at(1) })),
          "not-found",
        );
      }
    });

    it("running lists every unfinished record of every task, oldest first", async () => {
      const [a1, a2] = await startAt(fx, "a", [3, 7]);
      const [b1] = await startAt(fx, "b", [5]);
      await startAt(fx, "c", [1]).then(([id]) =>
        fx.store.finish(id!, { status: "succeeded", completedAt: at(2 * MINUTE) }),
      );
      await fx.store.finish(a2!, { status: "abandoned", completedAt: at(8 * MINUTE) });
      expect((await fx.store.running()).map((r) => r.id)).toEqual([a1, b1]);
    });

    it("returns copies: mutating a returned record never changes the stored one", async () => {
      const rec = await fx.store.start(makeExecution({ taskId: "t", metadata: { list: [1] } }));
      (rec.metadata["list"] as number[]).push(2);
      rec.startedAt.setTime(0);
      const [listed] = await fx.store.history("t");
      (listed!.metadata["list"] as number[]).push(3);
      const [again] = await fx.store.running();
      expect(again!.metadata).toEqual({ list: [1] });
      expect(again!.startedAt).toEqual(makeExecution().startedAt);
    });
  });
}
