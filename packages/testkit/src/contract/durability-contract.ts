import { describe, expect, it } from "vitest";
import { makeExecution, makePost, makeTaskState } from "../builders.js";
import { expectActorError, rejectionOf } from "./assertions.js";
import { at } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** Durable adapters: everything survives close + reopen. Skipped when the harness has no reopen(). */
export function describeDurabilityContract(fx: StoreFixture): void {
  describe("close and reopen", () => {
    it("tasks, executions (finished and running) and posts survive close + reopen unchanged", async (context) => {
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      const task = await fx.store.saveTask(
        makeTaskState({
          taskId: "durable-✓",
          lastRun: at(-1),
          metadata: { deep: { list: [1, null, "ü"] } },
        }),
      );
      const finished = await fx.store.start(
        makeExecution({ taskId: "durable-✓", startedAt: at(0) }),
      );
      const done = await fx.store.finish(finished.id, {
        status: "failed",
        completedAt: at(5),
        errorCode: "network",
        errorMessage: "reset",
      });
      const running = await fx.store.start(
        makeExecution({ taskId: "durable-✓", startedAt: at(10) }),
      );
      const post = makePost({ taskId: "durable-✓", contentId: "c1", messageIds: ["1", "2"] });
      await fx.store.recordPost(post);

      const store = await fx.reopen();
      expect(await store.loadTask("durable-✓")).toEqual(task);
      expect(await store.listTasks()).toEqual([task]);
      expect(await store.history("durable-✓")).toEqual([running, done]);
      expect(await store.running()).toEqual([running]);
      expect(await store.findPost(post.idempotencyKey)).toEqual(post);
      expect(await store.recordPost(post)).toEqual({ record: post, created: false });
    });

    it("versions continue after reopen: the stored version is expected, a stale one conflicts", async (context) => {
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      const v1 = await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      const v2 = await fx.store.saveTask(v1);
      const store = await fx.reopen();
      expectActorError(await rejectionOf(store.saveTask(v1, { expectedVersion: 1 })), "conflict");
      expect((await store.saveTask(v2, { expectedVersion: 2 })).version).toBe(3);
    });

    it("execution ids issued after reopen never repeat earlier ones, and running ones can be finished", async (context) => {
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      const before = [
        await fx.store.start(makeExecution({ taskId: "t" })),
        await fx.store.start(makeExecution({ taskId: "t" })),
      ];
      const store = await fx.reopen();
      const after = await store.start(makeExecution({ taskId: "t" }));
      expect(before.map((r) => r.id)).not.toContain(after.id);
      const closed = await store.finish(before[0]!.id, { status: "abandoned", completedAt: at(1) });
      expect(closed.status).toBe("abandoned");
    });
  });
}
