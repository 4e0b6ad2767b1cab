import { MemoryStatePersistence, newTaskState, type NewExecution } from "@actor/core";
import { describe, expect, it } from "vitest";
import { sameData } from "../src/memory/clone.js";

const at = new Date("2026-01-05T00:00:00Z");
const execution = (metadata: Record<string, unknown>): NewExecution => ({
  taskId: "t",
  actorName: "a",
  scheduledFor: at,
  startedAt: at,
  attempt: 1,
  instanceId: "i",
  metadata,
});

describe("sameData", () => {
  it("compares plain data by value and anything else by identity", () => {
    expect(
      sameData({ a: [1, { b: "x" }], d: new Date(5) }, { d: new Date(5), a: [1, { b: "x" }] }),
    ).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(sameData(new Date(1), new Date(2))).toBe(false);
    expect(sameData(new Map(), new Map())).toBe(false);
    const map = new Map();
    expect(sameData({ m: map }, { m: map })).toBe(true);
    expect(sameData({}, [])).toBe(false);
  });
});

describe("memory store: shared stored metadata is never changed in place", () => {
  it("records started with equal metadata stay independent when one is finished with more", async () => {
    const store = new MemoryStatePersistence();
    const passed = { trigger: "schedule" };
    const first = await store.start(execution(passed));
    const second = await store.start(execution({ trigger: "schedule" }));
    passed.trigger = "changed by the caller";
    await store.finish(first.id, {
      status: "succeeded",
      completedAt: at,
      metadata: { outputs: 1 },
    });
    const [newest, oldest] = await store.history("t");
    expect(oldest).toMatchObject({ id: first.id, metadata: { trigger: "schedule", outputs: 1 } });
    expect(newest).toMatchObject({ id: second.id, metadata: { trigger: "schedule" } });
    expect(newest?.metadata).not.toHaveProperty("outputs");
    newest!.metadata["trigger"] = "changed on a loaded copy";
    expect((await store.history("t"))[0]?.metadata).toEqual({ trigger: "schedule" });
  });

  it("a save with unchanged metadata keeps it, and the caller's object stays the caller's", async () => {
    const store = new MemoryStatePersistence();
    const state = newTaskState({ taskId: "t", actorName: "a", nextRun: at });
    state.metadata = { anchor: "x", nested: { n: 1 } };
    const saved = await store.saveTask(state);
    const again = await store.saveTask({ ...saved, consecutiveFailures: 1 });
    (again.metadata["nested"] as { n: number }).n = 2;
    state.metadata["anchor"] = "y";
    expect((await store.loadTask("t"))?.metadata).toEqual({ anchor: "x", nested: { n: 1 } });
    await store.saveTask({ ...again, metadata: { anchor: "z" } });
    expect((await store.loadTask("t"))?.metadata).toEqual({ anchor: "z" });
  });
});

describe("memory store: execution ids", () => {
  it("finds records by their exact id after pruning, and no other spelling of it", async () => {
    const store = new MemoryStatePersistence();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await store.start({ ...execution({}), startedAt: new Date(at.getTime() + i) });
      ids.push(r.id);
      if (i < 30) await store.finish(r.id, { status: "succeeded", completedAt: at });
    }
    expect(await store.prune({ maxPerTask: 5 })).toBe(25);
    for (const id of ids.slice(30)) {
      await expect(store.finish(id, { status: "failed", completedAt: at })).resolves.toMatchObject({
        id,
      });
    }
    await expect(
      store.finish(ids[0]!, { status: "failed", completedAt: at }),
    ).rejects.toMatchObject({ code: "not-found" });
    for (const bad of [`0${ids[35]}`, ` ${ids[35]}`, `${ids[35]}.0`, "", "abc"]) {
      await expect(store.finish(bad, { status: "failed", completedAt: at })).rejects.toMatchObject({
        code: "not-found",
      });
    }
  });
});

describe("careless records", () => {
  it("an Invalid Date or a count that is not a whole number is a validation error; nothing is stored or leased", async () => {
    const store = new MemoryStatePersistence();
    await store.saveTask(newTaskState({ taskId: "t", actorName: "a", nextRun: at }));
    const bad: Partial<NewExecution>[] = [
      { scheduledFor: new Date(Number.NaN) },
      { startedAt: new Date(Number.NaN) },
      { completedAt: new Date(Number.NaN), status: "skipped" },
      { attempt: Number.NaN },
      { skillsFailed: 1.5 },
    ];
    const leaser = store.leaser({ owner: "o", ttlMs: 60_000 });
    for (const fields of bad) {
      const e = { ...execution({}), ...fields };
      await expect(store.start(e)).rejects.toMatchObject({ code: "validation" });
      if (!fields.status)
        await expect(
          leaser.begin!({ execution: e, now: at, onlyIfNotRun: true }),
        ).rejects.toMatchObject({
          code: "validation",
        });
    }
    expect(await store.history("t")).toEqual([]);
    expect(await store.leaser({ owner: "other", ttlMs: 60_000 }).claim(["t"], at)).toHaveLength(1);
  });
});
