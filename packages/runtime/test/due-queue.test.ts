import { describe, expect, it } from "vitest";
import { DueQueue, RunPool, backoffDelayMs } from "../src/internal/index.js";
import { seeded } from "./support/harness.js";

describe("DueQueue (min-heap)", () => {
  it("pops keys in fire-time order, ties first-in first-out, after random inserts, moves and deletes", () => {
    const random = seeded(7);
    const queue = new DueQueue();
    const expected = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      const key = `k${Math.floor(random() * 2_000)}`;
      if (random() < 0.2) {
        queue.delete(key);
        expected.delete(key);
      } else {
        const at = Math.floor(random() * 100);
        queue.set(key, at);
        expected.set(key, at);
      }
    }
    expect(queue.size).toBe(expected.size);
    const popped: [string, number][] = [];
    for (let item = queue.pop(); item; item = queue.pop()) popped.push([item.key, item.at]);
    expect(popped).toHaveLength(expected.size);
    for (const [key, at] of popped) expect(expected.get(key)).toBe(at);
    for (let i = 1; i < popped.length; i++)
      expect(popped[i]![1]).toBeGreaterThanOrEqual(popped[i - 1]![1]);
  });

  it("keeps each key once and carries the un-jittered slot", () => {
    const queue = new DueQueue();
    queue.set("a", 10, 5);
    queue.set("a", 3, 1);
    queue.set("b", 3);
    expect(queue.size).toBe(2);
    expect(queue.pop()).toMatchObject({ key: "a", at: 3, slot: 1 });
    expect(queue.pop()).toMatchObject({ key: "b", at: 3, slot: 3 });
    expect(queue.pop()).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("doubles the ceiling per retry up to the cap, scaled by the random draw (full jitter)", () => {
    const top = () => 1; // the upper bound of the draw, for exact ceilings
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelayMs(r, 1_000, 10_000, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect(backoffDelayMs(3, 1_000, 10_000, () => 0)).toBe(0);
    expect(backoffDelayMs(3, 1_000, 10_000, () => 0.5)).toBe(2_000);
  });
});

describe("RunPool", () => {
  it("never runs more than its limit and starts waiting jobs in submission order (front jumps the queue)", async () => {
    const pool = new RunPool(2);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = (n: number) => () =>
      new Promise<void>((resolve) => {
        started.push(n);
        active++;
        peak = Math.max(peak, active);
        releases.push(() => {
          active--;
          resolve();
        });
      });
    for (let n = 1; n <= 5; n++) pool.submit(job(n));
    pool.submit(job(0), true);
    expect(started).toEqual([1, 2]);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await pool.idle();
    expect(started).toEqual([1, 2, 0, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});

describe("DueQueue entries kept for reuse", () => {
  it("pop(keep) leaves the key out of the queue, and its next set reuses the same entry", () => {
    const queue = new DueQueue();
    const first = queue.set("task", 10);
    queue.set("other", 20);
    expect(queue.pop(true)).toBe(first);
    expect(queue.has("task")).toBe(false);
    expect(queue.get("task")).toBeUndefined();
    expect(queue.size).toBe(1);
    const again = queue.set("task", 30, 25);
    expect(again).toBe(first);
    expect(queue.has("task")).toBe(true);
    expect(
      [queue.pop()?.key, queue.pop()].map((x) => (typeof x === "string" ? x : x?.slot)),
    ).toEqual(["other", 25]);
  });

  it("delete forgets a kept key, so a later set starts a new entry", () => {
    const queue = new DueQueue();
    const first = queue.set("task", 10);
    queue.pop(true);
    expect(queue.delete("task")).toBe(false); // was not queued, but its kept entry goes
    expect(queue.set("task", 5)).not.toBe(first);
  });
});

describe("RunPool with a runner", () => {
  it("queues plain values and starts each through the runner, within the limit and in order", async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const pool = new RunPool<string>(2, (id) => {
      started.push(id);
      return new Promise<void>((resolve) => finish.set(id, resolve));
    });
    for (const id of ["a", "b", "c", "d"]) pool.submit(id);
    pool.submit("urgent", true);
    expect(started).toEqual(["a", "b"]);
    expect(pool.waiting).toBe(3);
    for (const id of ["a", "b", "urgent", "c", "d"]) {
      await new Promise((r) => setImmediate(r));
      finish.get(id)!();
    }
    await pool.idle();
    expect(started).toEqual(["a", "b", "urgent", "c", "d"]);
  });
});
