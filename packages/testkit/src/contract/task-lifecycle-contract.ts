import { describe, expect, it } from "vitest";
import { makeExecution, makePost, makeTaskState } from "../builders.js";
import { at } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** StatePersistence over a task's life: pause and resume, failure counting, deletion with history kept. */
export function describeTaskLifecycleContract(fx: StoreFixture): void {
  describe("task lifecycle", () => {
    it("deleteTask keeps the task's execution history and post history", async () => {
      await fx.store.saveTask(makeTaskState({ taskId: "gone" }));
      const rec = await fx.store.start(makeExecution({ taskId: "gone" }));
      await fx.store.finish(rec.id, { status: "succeeded", completedAt: at(1) });
      const post = makePost({ taskId: "gone" });
      await fx.store.recordPost(post);
      await fx.store.deleteTask("gone");
      expect((await fx.store.history("gone")).map((r) => r.id)).toEqual([rec.id]);
      expect(await fx.store.findPost(post.idempotencyKey)).toEqual(post);
    });

    it("persists pause flags and reasons through pause, circuit-open and resume", async () => {
      let state = await fx.store.saveTask(makeTaskState({ taskId: "p" }));
      state = await fx.store.saveTask({ ...state, paused: true, pauseReason: "manual" });
      expect(await fx.store.loadTask("p")).toMatchObject({ paused: true, pauseReason: "manual" });
      state = await fx.store.saveTask({ ...state, pauseReason: "circuit-open" });
      expect(await fx.store.loadTask("p")).toMatchObject({
        paused: true,
        pauseReason: "circuit-open",
      });
      await fx.store.saveTask({ ...state, paused: false, pauseReason: null });
      expect(await fx.store.loadTask("p")).toMatchObject({ paused: false, pauseReason: null });
    });

    it("persists the consecutive-failure counter as it climbs and resets", async () => {
      let state = await fx.store.saveTask(makeTaskState({ taskId: "f" }));
      const seen: number[] = [];
      for (const count of [1, 2, 3, 0]) {
        state = await fx.store.saveTask({ ...state, consecutiveFailures: count });
        seen.push((await fx.store.loadTask("f"))!.consecutiveFailures);
      }
      expect(seen).toEqual([1, 2, 3, 0]);
    });
  });
}
