import type { TaskLeaser, TaskState } from "@actor/core";
import { describe, expect, it, type TestContext } from "vitest";
import { makeExecution, makeTaskState } from "../builders.js";
import { expectActorError, rejectionOf } from "./assertions.js";
import { at, MINUTE } from "./instants.js";
import { leaserWith, type StoreFixture } from "./store-harness.js";

/** How long the suite's leases last. */
const TTL = 30_000;

/**
 * `TaskLeaser.settle`, for adapters whose leaser has it (skipped otherwise): a slot's record
 * closed, its state saved and its lease given up in one atomic step.
 */
export function describeSettleContract(fx: StoreFixture): void {
  /** The owner's leaser, or a skipped test when the adapter has no `settle`. */
  const settling = (context: TestContext, owner: string) =>
    leaserWith(fx, context, "settle", owner, TTL);

  /** A due task claimed by `leaser` with a running record of its slot. */
  async function claimedWithRecord(leaser: TaskLeaser, taskId: string) {
    const saved = await fx.store.saveTask(makeTaskState({ taskId, nextRun: at(0) }));
    expect(await leaser.claim([taskId], at(0))).toHaveLength(1);
    const record = await fx.store.start(
      makeExecution({ taskId, scheduledFor: at(0), startedAt: at(1) }),
    );
    return { saved, record };
  }

  const after = (state: TaskState): TaskState => ({
    ...state,
    lastRun: at(0),
    nextRun: at(MINUTE),
    metadata: { settled: "✓" },
  });

  describe("settle (one step: record closed, state saved, lease released)", () => {
    it("closes the record, saves the state with its version bumped and frees the lease", async (context) => {
      const leaser = settling(context, "a");
      const { saved, record } = await claimedWithRecord(leaser, "s");
      const settled = await leaser.settle({
        executionId: record.id,
        outcome: { status: "succeeded", completedAt: at(2), skillsSucceeded: 1 },
        state: after(saved),
      });
      expect(settled.record).toEqual({
        ...record,
        status: "succeeded",
        completedAt: at(2),
        skillsSucceeded: 1,
      });
      expect(settled.state).toMatchObject({
        taskId: "s",
        lastRun: at(0),
        nextRun: at(MINUTE),
        version: saved.version + 1,
        metadata: { settled: "✓" },
      });
      expect(await fx.store.loadTask("s")).toEqual(settled.state);
      expect(await fx.store.history("s")).toEqual([settled.record]);
      expect(await fx.store.running()).toEqual([]);
      // Released: another owner claims the task at once, long before the lease would expire.
      expect(await fx.store.leaser({ owner: "b", ttlMs: TTL }).claim(["s"], at(2))).toHaveLength(1);
    });

    it("a record already final is `invalid-state`, and neither the state nor the lease changes", async (context) => {
      const leaser = settling(context, "a");
      const { saved, record } = await claimedWithRecord(leaser, "twice");
      const first = await fx.store.finish(record.id, { status: "failed", completedAt: at(2) });
      const error = await rejectionOf(
        leaser.settle({
          executionId: record.id,
          outcome: { status: "succeeded", completedAt: at(3) },
          state: after(saved),
        }),
      );
      expectActorError(error, "invalid-state");
      expect(await fx.store.loadTask("twice")).toEqual(saved);
      expect(await fx.store.history("twice")).toEqual([first]);
      expect(await fx.store.leaser({ owner: "b", ttlMs: TTL }).claim(["twice"], at(3))).toEqual([]);
    });

    it("an unknown record is `not-found`, and nothing is written", async (context) => {
      const leaser = settling(context, "a");
      const { saved } = await claimedWithRecord(leaser, "lost");
      const error = await rejectionOf(
        leaser.settle({
          executionId: "999999999",
          outcome: { status: "succeeded", completedAt: at(3) },
          state: after(saved),
        }),
      );
      expectActorError(error, "not-found");
      expect(await fx.store.loadTask("lost")).toEqual(saved);
      expect(await fx.store.leaser({ owner: "b", ttlMs: TTL }).claim(["lost"], at(3))).toEqual([]);
    });

    it("a lease held by another owner is left to it; the record and state are still stored", async (context) => {
      const a = settling(context, "a");
      const b = fx.store.leaser({ owner: "b", ttlMs: TTL });
      const saved = await fx.store.saveTask(makeTaskState({ taskId: "theirs", nextRun: at(0) }));
      expect(await b.claim(["theirs"], at(0))).toHaveLength(1);
      const record = await fx.store.start(makeExecution({ taskId: "theirs", startedAt: at(1) }));
      const settled = await a.settle({
        executionId: record.id,
        outcome: { status: "succeeded", completedAt: at(2) },
        state: after(saved),
      });
      expect(settled.record.status).toBe("succeeded");
      expect((await fx.store.loadTask("theirs"))?.version).toBe(saved.version + 1);
      expect(await fx.store.leaser({ owner: "c", ttlMs: TTL }).claim(["theirs"], at(3))).toEqual(
        [],
      );
    });

    it("many settles at once each store their own record and state", async (context) => {
      const leaser = settling(context, "a");
      const ids = Array.from({ length: 50 }, (_, i) => `many-${i}`);
      const claimed = await Promise.all(ids.map((id) => claimedWithRecord(leaser, id)));
      const settled = await Promise.all(
        claimed.map(({ saved, record }) =>
          leaser.settle({
            executionId: record.id,
            outcome: { status: "succeeded", completedAt: at(2) },
            state: after(saved),
          }),
        ),
      );
      expect(settled.map((s) => s.state.taskId)).toEqual(ids);
      for (const id of ids) {
        expect((await fx.store.history(id)).map((r) => r.status)).toEqual(["succeeded"]);
        expect((await fx.store.loadTask(id))?.lastRun).toEqual(at(0));
      }
      expect(await fx.store.running()).toEqual([]);
    });

    it("a settled slot survives close + reopen", async (context) => {
      const leaser = settling(context, "a");
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      const { saved, record } = await claimedWithRecord(leaser, "kept");
      const settled = await leaser.settle({
        executionId: record.id,
        outcome: { status: "succeeded", completedAt: at(2) },
        state: after(saved),
      });
      const store = await fx.reopen();
      expect(await store.loadTask("kept")).toEqual(settled.state);
      expect(await store.history("kept")).toEqual([settled.record]);
    });
  });
}
