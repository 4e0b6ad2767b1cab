import { describe, expect, it, type TestContext } from "vitest";
import { makeExecution, makeTaskState } from "../builders.js";
import { expectActorError, rejectionOf } from "./assertions.js";
import { at, MINUTE } from "./instants.js";
import { leaserWith, type StoreFixture } from "./store-harness.js";

/** How long the suite's leases last. */
const TTL = 30_000;

/**
 * `TaskLeaser.begin`, for adapters whose leaser has it (skipped otherwise): a slot's claim, the
 * read of its state and its `running` record in one atomic step.
 */
export function describeBeginContract(fx: StoreFixture): void {
  /** The owner's leaser, or a skipped test when the adapter has no `begin`. */
  const beginning = (context: TestContext, owner: string) =>
    leaserWith(fx, context, "begin", owner, TTL);

  const other = () => fx.store.leaser({ owner: "b", ttlMs: TTL });
  const slot = (taskId: string) =>
    makeExecution({ taskId, scheduledFor: at(0), startedAt: at(1), metadata: { trigger: "t" } });

  describe("begin (one step: claim, state read, running record)", () => {
    it("claims the task, answers its stored state and opens the record", async (context) => {
      const leaser = beginning(context, "a");
      const saved = await fx.store.saveTask(makeTaskState({ taskId: "b1", nextRun: at(0) }));
      const begun = await leaser.begin({ execution: slot("b1"), now: at(1), onlyIfNotRun: true });
      expect(begun).not.toBeNull();
      expect(begun!.lease).toEqual({ taskId: "b1", owner: "a", expiresAt: at(1 + TTL) });
      expect(begun!.state).toEqual(saved);
      expect(begun!.record).toMatchObject({
        taskId: "b1",
        scheduledFor: at(0),
        startedAt: at(1),
        status: "running",
        attempt: 1,
        completedAt: null,
        metadata: { trigger: "t" },
      });
      expect(await fx.store.running()).toEqual([begun!.record]);
      expect(await fx.store.history("b1")).toEqual([begun!.record]);
      expect(await other().claim(["b1"], at(2))).toEqual([]);
    });

    it("a lost claim answers null and writes nothing", async (context) => {
      const leaser = beginning(context, "a");
      await fx.store.saveTask(makeTaskState({ taskId: "held", nextRun: at(0) }));
      expect(await other().claim(["held"], at(0))).toHaveLength(1);
      expect(
        await leaser.begin({ execution: slot("held"), now: at(1), onlyIfNotRun: false }),
      ).toBeNull();
      expect(await fx.store.history("held")).toEqual([]);
    });

    it("a paused, completed or unknown task is not begun", async (context) => {
      const leaser = beginning(context, "a");
      await fx.store.saveTask(
        makeTaskState({ taskId: "p", nextRun: at(0), paused: true, pauseReason: "manual" }),
      );
      await fx.store.saveTask(makeTaskState({ taskId: "c", nextRun: null, completed: true }));
      for (const id of ["p", "c", "nobody"]) {
        expect(
          await leaser.begin({ execution: slot(id), now: at(1), onlyIfNotRun: false }),
        ).toBeNull();
        expect(await fx.store.history(id)).toEqual([]);
      }
    });

    it("onlyIfNotRun: a slot run already gets the lease and the state but no record", async (context) => {
      const leaser = beginning(context, "a");
      const saved = await fx.store.saveTask(
        makeTaskState({ taskId: "ran", lastRun: at(0), nextRun: at(MINUTE) }),
      );
      const begun = await leaser.begin({ execution: slot("ran"), now: at(1), onlyIfNotRun: true });
      expect(begun).toMatchObject({ lease: { taskId: "ran", owner: "a" }, record: null });
      expect(begun!.state).toEqual(saved);
      expect(await fx.store.history("ran")).toEqual([]);
      expect(await other().claim(["ran"], at(2))).toEqual([]);
      // Without it (a manual run), the same slot is opened again.
      await leaser.release(["ran"]);
      const again = await leaser.begin({ execution: slot("ran"), now: at(2), onlyIfNotRun: false });
      expect(again?.record?.status).toBe("running");
    });

    it("onlyIfNotRun opens the record when the last run is before the slot", async (context) => {
      const leaser = beginning(context, "a");
      await fx.store.saveTask(
        makeTaskState({ taskId: "due", lastRun: at(-MINUTE), nextRun: at(0) }),
      );
      const begun = await leaser.begin({ execution: slot("due"), now: at(1), onlyIfNotRun: true });
      expect(begun?.record?.status).toBe("running");
    });

    it("metadata start would refuse (a cycle) is `validation`, and neither a lease nor a record is taken", async (context) => {
      const leaser = beginning(context, "a");
      await fx.store.saveTask(makeTaskState({ taskId: "bad", nextRun: at(0) }));
      const cyclic: Record<string, unknown> = {};
      cyclic["self"] = cyclic;
      const error = await rejectionOf(
        leaser.begin({
          execution: { ...slot("bad"), metadata: cyclic },
          now: at(1),
          onlyIfNotRun: false,
        }),
      );
      expectActorError(error, "validation");
      expect(await fx.store.history("bad")).toEqual([]);
      expect(await other().claim(["bad"], at(2))).toHaveLength(1);
    });

    it("an Invalid Date `now` is `validation`, and nothing is written", async (context) => {
      const leaser = beginning(context, "a");
      await fx.store.saveTask(makeTaskState({ taskId: "when", nextRun: at(0) }));
      const error = await rejectionOf(
        leaser.begin({ execution: slot("when"), now: new Date(Number.NaN), onlyIfNotRun: false }),
      );
      expectActorError(error, "validation");
      expect(await fx.store.history("when")).toEqual([]);
      expect(await other().claim(["when"], at(2))).toHaveLength(1);
    });

    it("many begins at once each get their own lease and record", async (context) => {
      const leaser = beginning(context, "a");
      const ids = Array.from({ length: 50 }, (_, i) => `many-${i}`);
      await Promise.all(
        ids.map((taskId) => fx.store.saveTask(makeTaskState({ taskId, nextRun: at(0) }))),
      );
      const begun = await Promise.all(
        ids.map((id) => leaser.begin({ execution: slot(id), now: at(1), onlyIfNotRun: true })),
      );
      expect(begun.map((b) => b?.lease.taskId)).toEqual(ids);
      expect(new Set(begun.map((b) => b?.record?.id)).size).toBe(ids.length);
      expect((await fx.store.running()).length).toBe(ids.length);
    });

    it("two owners beginning the same task: one wins, one record", async (context) => {
      const a = beginning(context, "a");
      const b = beginning(context, "b");
      await fx.store.saveTask(makeTaskState({ taskId: "race", nextRun: at(0) }));
      const [x, y] = await Promise.all([
        a.begin({ execution: slot("race"), now: at(1), onlyIfNotRun: true }),
        b.begin({ execution: slot("race"), now: at(1), onlyIfNotRun: true }),
      ]);
      expect([x, y].filter((r) => r !== null)).toHaveLength(1);
      expect(await fx.store.history("race")).toHaveLength(1);
    });

    it("a begun slot's record survives close + reopen", async (context) => {
      const leaser = beginning(context, "a");
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      await fx.store.saveTask(makeTaskState({ taskId: "kept", nextRun: at(0) }));
      const begun = await leaser.begin({ execution: slot("kept"), now: at(1), onlyIfNotRun: true });
      const store = await fx.reopen();
      expect(await store.running()).toEqual([begun!.record]);
    });
  });
}
