import { MemoryStatePersistence } from "@actor/core";
import { describe, expect, it } from "vitest";
import {
  FakeClock,
  LatencyStore,
  advanceUntilSettled,
  crashServer,
  describeStatePersistenceContract,
  expectActorError,
  flushPromises,
  makeTaskState,
  rejectionOf,
} from "../src/index.js";

/** The wrapper is transparent: the whole store contract holds through it. */
describeStatePersistenceContract("latency wrapper over memory (no delay)", async () => {
  const clock = new FakeClock();
  return { store: new LatencyStore(new MemoryStatePersistence({ clock })), clock };
});

describe("LatencyStore", () => {
  it("delays every call by the fixed latency on the given clock", async () => {
    const clock = new FakeClock("2026-01-01T00:00:00Z");
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), { latencyMs: 50, clock });
    let done = false;
    const saving = store.saveTask(makeTaskState({ taskId: "t" })).then(() => (done = true));
    await clock.advance(49);
    expect(done).toBe(false);
    expect(store.inFlight).toBe(1);
    await clock.advance(1);
    await saving;
    expect(done).toBe(true);
    expect(store.calls("saveTask")).toBe(1);
  });

  it("draws a jittered latency per call within [min, max]", async () => {
    const clock = new FakeClock("2026-01-01T00:00:00Z");
    const draws = [1, 0]; // the first call takes 110 ms, the second 10 ms
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), {
      latencyMs: [10, 110],
      clock,
      random: () => draws.shift() ?? 0.5,
    });
    const order: string[] = [];
    const slow = store.listTasks().then(() => order.push("slow"));
    const fast = store.listTasks().then(() => order.push("fast"));
    void slow;
    await clock.advance(10);
    await fast;
    expect(order).toEqual(["fast"]);
    await clock.advance(100);
    expect(order).toEqual(["fast", "slow"]);
  });

  it("works with real timers", async () => {
    const store = new LatencyStore(new MemoryStatePersistence(), { latencyMs: [1, 3] });
    await store.saveTask(makeTaskState({ taskId: "t" }));
    expect((await store.loadTask("t"))?.taskId).toBe("t");
  });

  it("fails the nth call of a method and leaves the others alone", async () => {
    const store = new LatencyStore(new MemoryStatePersistence());
    store.inject({ method: "saveTask", nth: 2, kind: "fail" });
    await store.saveTask(makeTaskState({ taskId: "a" }));
    expectActorError(
      await rejectionOf(store.saveTask(makeTaskState({ taskId: "b" }))),
      "unavailable",
    );
    await store.saveTask(makeTaskState({ taskId: "c" }));
    expect((await store.listTasks()).map((t) => t.taskId)).toEqual(["a", "c"]);
  });

  it("hangs the nth call of a leaser method", async () => {
    const store = new LatencyStore(new MemoryStatePersistence());
    await store.saveTask(makeTaskState({ taskId: "t" }));
    store.inject({ method: "claim", nth: 1, kind: "hang" });
    const leaser = store.leaser({ owner: "a", ttlMs: 1000 });
    let settled = false;
    void leaser.claim(["t"], new Date()).then(() => (settled = true));
    await flushPromises();
    expect(settled).toBe(false);
    expect(await leaser.claim(["t"], new Date())).toHaveLength(1);
  });

  it("after sever() every call hangs and nothing reaches the wrapped store", async () => {
    const inner = new MemoryStatePersistence();
    const store = new LatencyStore(inner);
    const server = {
      abandoned: false,
      abandon() {
        this.abandoned = true;
      },
    };
    crashServer(server, store);
    expect(server.abandoned).toBe(true);
    let settled = false;
    void store.saveTask(makeTaskState({ taskId: "t" })).then(() => (settled = true));
    await flushPromises();
    expect(settled).toBe(false);
    expect(await inner.loadTask("t")).toBeNull();
  });

  it("advanceUntilSettled drives the fake clock until an operation on it settles", async () => {
    const clock = new FakeClock("2026-01-01T00:00:00Z");
    const store = new LatencyStore(new MemoryStatePersistence({ clock }), {
      latencyMs: 150,
      clock,
    });
    await advanceUntilSettled(clock, store.saveTask(makeTaskState({ taskId: "t" })));
    expect(clock.nowMs()).toBe(Date.parse("2026-01-01T00:00:00.150Z"));
    await expect(
      advanceUntilSettled(clock, new Promise(() => {}), { limitMs: 20, stepMs: 5 }),
    ).rejects.toThrow(/did not settle/);
  });
});
