import type { TaskState } from "@actor/core";
import { describe, expect, it } from "vitest";
import { makeTaskState } from "../builders.js";
import { at, MINUTE } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** A task with every field set to something a careless adapter could get wrong. */
function richTask(): TaskState {
  return makeTaskState({
    taskId: "rich-τask-日本",
    actorName: "poster 👋",
    lastRun: at(-MINUTE),
    nextRun: at(59 * MINUTE + 123),
    consecutiveFailures: 3,
    paused: true,
    pauseReason: "circuit-open",
    completed: true,
    active: false,
    scheduleKey: "cron:0 9 * * *@Europe/Zürich",
    metadata: {
      anchor: "2026-01-01T00:00:00.000Z",
      nested: { list: [1, "two", { three: 3 }], flag: false, nothing: null },
      text: 'naïve café — 🎉 "quoted" \\ back\nslash',
      zero: 0,
    },
    version: 41,
    updatedAt: at(-10 * MINUTE),
  });
}

/** Checks `updatedAt` against the harness clock, or the wall clock when there is none. */
function expectStamped(fx: StoreFixture, saved: TaskState, before: number, after: number): void {
  expect(saved.updatedAt).toBeInstanceOf(Date);
  if (fx.clock) expect(saved.updatedAt.getTime()).toBe(fx.clock.nowMs());
  else {
    expect(saved.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(saved.updatedAt.getTime()).toBeLessThanOrEqual(after);
  }
}

/** StatePersistence: round trips, copies, ordering, deletion, pause and failure state. */
export function describeTaskContract(fx: StoreFixture): void {
  describe("tasks", () => {
    it("loadTask returns null for a task that was never saved", async () => {
      expect(await fx.store.loadTask("missing")).toBeNull();
    });

    it("round-trips every TaskState field: Dates, nested metadata and unicode", async () => {
      const state = richTask();
      const before = Date.now();
      const saved = await fx.store.saveTask(state);
      expectStamped(fx, saved, before, Date.now());
      const { version: _v, updatedAt: _u, ...fields } = state;
      expect(saved).toEqual({ ...fields, version: 1, updatedAt: saved.updatedAt });
      const loaded = await fx.store.loadTask(state.taskId);
      expect(loaded).toEqual(saved);
      expect(loaded!.lastRun).toBeInstanceOf(Date);
      expect(loaded!.nextRun).toBeInstanceOf(Date);
      expect(loaded!.updatedAt).toBeInstanceOf(Date);
    });

    it("round-trips null dates, a null pause reason and empty metadata", async () => {
      const state = makeTaskState({
        taskId: "nulls",
        nextRun: null,
        lastRun: null,
        scheduleKey: null,
      });
      await fx.store.saveTask(state);
      const loaded = await fx.store.loadTask("nulls");
      expect(loaded).toMatchObject({
        lastRun: null,
        nextRun: null,
        pauseReason: null,
        scheduleKey: null,
        metadata: {},
      });
    });

    it("saveTask sets version to stored version + 1, ignoring the caller's version", async () => {
      const first = await fx.store.saveTask(makeTaskState({ taskId: "v", version: 7 }));
      const second = await fx.store.saveTask({ ...first, version: 0 });
      const third = await fx.store.saveTask(second);
      expect([first.version, second.version, third.version]).toEqual([1, 2, 3]);
      expect((await fx.store.loadTask("v"))!.version).toBe(3);
    });

    it("saveTask stamps updatedAt anew on every save", async () => {
      const first = await fx.store.saveTask(makeTaskState({ taskId: "stamp" }));
      if (fx.clock) await fx.clock.advance(5_000);
      else await new Promise((resolve) => setTimeout(resolve, 5));
      const before = Date.now();
      const second = await fx.store.saveTask(first);
      expectStamped(fx, second, before, Date.now());
      expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    });

    it("returns copies: mutating an input or a result never changes what is stored", async () => {
      const input = richTask();
      const saved = await fx.store.saveTask(input);
      (input.metadata["nested"] as { list: unknown[] }).list.push("input");
      input.nextRun!.setTime(0);
      (saved.metadata["nested"] as { list: unknown[] }).list.push("saved");
      saved.lastRun!.setTime(0);
      const loaded = await fx.store.loadTask(input.taskId);
      loaded!.metadata["zero"] = 99;
      const [listed] = await fx.store.listTasks();
      listed!.consecutiveFailures = 99;
      const again = await fx.store.loadTask(input.taskId);
      expect(again).toEqual({
        ...richTask(),
        taskId: input.taskId,
        version: 1,
        updatedAt: again!.updatedAt,
      });
    });

    it("listTasks returns every task ordered by taskId (code-point order), [] when empty", async () => {
      expect(await fx.store.listTasks()).toEqual([]);
      for (const taskId of ["task-2", "Zeta", "task-10", "alpha"]) {
        await fx.store.saveTask(makeTaskState({ taskId }));
      }
      expect((await fx.store.listTasks()).map((t) => t.taskId)).toEqual([
        "Zeta",
        "alpha",
        "task-10",
        "task-2",
      ]);
    });

    it("deleteTask removes the task and returns true, then false when nothing is left", async () => {
      await fx.store.saveTask(makeTaskState({ taskId: "gone" }));
      await fx.store.saveTask(makeTaskState({ taskId: "kept" }));
      expect(await fx.store.deleteTask("gone")).toBe(true);
      expect(await fx.store.deleteTask("gone")).toBe(false);
      expect(await fx.store.loadTask("gone")).toBeNull();
      expect((await fx.store.listTasks()).map((t) => t.taskId)).toEqual(["kept"]);
    });
  });
}
