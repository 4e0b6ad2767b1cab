import type { ActorError } from "@actor/core";
import { describe, expect, it } from "vitest";
import { makeTaskState } from "../builders.js";
import { expectActorError, rejectionOf } from "./assertions.js";
import type { StoreFixture } from "./store-harness.js";

/** StatePersistence: optimistic concurrency through `expectedVersion`. */
export function describeVersioningContract(fx: StoreFixture): void {
  describe("optimistic concurrency (expectedVersion)", () => {
    it("expectedVersion 0 creates a task that does not exist yet, at version 1", async () => {
      const saved = await fx.store.saveTask(makeTaskState({ taskId: "new" }), {
        expectedVersion: 0,
      });
      expect(saved.version).toBe(1);
      expect((await fx.store.loadTask("new"))!.version).toBe(1);
    });

    it("expectedVersion 0 on an existing task is a retryable conflict and changes nothing", async () => {
      const saved = await fx.store.saveTask(makeTaskState({ taskId: "t", consecutiveFailures: 1 }));
      const error = await rejectionOf(
        fx.store.saveTask({ ...saved, consecutiveFailures: 9 }, { expectedVersion: 0 }),
      );
      expectActorError(error, "conflict");
      expect((error as ActorError).retryable).toBe(true);
      expect(await fx.store.loadTask("t")).toEqual(saved);
    });

    it("the current version as expectedVersion saves and bumps the version", async () => {
      const v1 = await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      const v2 = await fx.store.saveTask(
        { ...v1, paused: true, pauseReason: "manual" },
        { expectedVersion: 1 },
      );
      const v3 = await fx.store.saveTask(
        { ...v2, paused: false, pauseReason: null },
        { expectedVersion: 2 },
      );
      expect([v2.version, v3.version]).toEqual([2, 3]);
      expect(await fx.store.loadTask("t")).toEqual(v3);
    });

    it("a stale expectedVersion is a conflict and the newer state stays", async () => {
      const v1 = await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      const v2 = await fx.store.saveTask({ ...v1, consecutiveFailures: 2 }, { expectedVersion: 1 });
      const error = await rejectionOf(
        fx.store.saveTask({ ...v1, consecutiveFailures: 5 }, { expectedVersion: 1 }),
      );
      expectActorError(error, "conflict");
      expect(await fx.store.loadTask("t")).toEqual(v2);
    });

    it("a non-zero expectedVersion for a missing task is a conflict and creates nothing", async () => {
      const error = await rejectionOf(
        fx.store.saveTask(makeTaskState({ taskId: "ghost" }), { expectedVersion: 3 }),
      );
      expectActorError(error, "conflict");
      expect(await fx.store.loadTask("ghost")).toBeNull();
    });

    it("a version ahead of the stored one is a conflict too", async () => {
      const v1 = await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      expectActorError(
        await rejectionOf(fx.store.saveTask(v1, { expectedVersion: 2 })),
        "conflict",
      );
      expect((await fx.store.loadTask("t"))!.version).toBe(1);
    });

    it("a deleted task can be created again with expectedVersion 0", async () => {
      await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      await fx.store.deleteTask("t");
      const again = await fx.store.saveTask(makeTaskState({ taskId: "t" }), { expectedVersion: 0 });
      expect(again.version).toBe(1);
    });

    it("a save without expectedVersion overwrites whatever version is stored", async () => {
      await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      const forced = await fx.store.saveTask(
        makeTaskState({ taskId: "t", consecutiveFailures: 4, version: 0 }),
      );
      expect(forced).toMatchObject({ version: 2, consecutiveFailures: 4 });
    });
  });
}
