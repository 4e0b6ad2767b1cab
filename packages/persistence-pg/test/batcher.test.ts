import { describe, expect, it } from "vitest";
import { Batcher, type ItemResult } from "../src/batcher.js";

/** A run function that records its batches and answers when `release` is called. */
function controlledRun() {
  const batches: string[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: string[]): Promise<ItemResult<string>[]> => {
    batches.push(inputs);
    return new Promise((resolve) =>
      pending.push(() =>
        resolve(
          inputs.map((i) =>
            i.startsWith("bad")
              ? { ok: false, error: new Error(i) }
              : { ok: true, value: `done ${i}` },
          ),
        ),
      ),
    );
  };
  /** Answers batches as they come until every call in `calls` has settled. */
  const releaseAll = async (calls: Promise<unknown>[] = []) => {
    let settled = false;
    const all = Promise.allSettled(calls).then(() => (settled = true));
    do {
      while (pending.length > 0) pending.shift()!();
      await new Promise((r) => setImmediate(r));
    } while (!settled || pending.length > 0);
    await all;
  };
  return { run, batches, releaseAll, pending };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("Batcher", () => {
  it("coalesces calls made together into one batch and answers none before the batch returns", async () => {
    const c = controlledRun();
    const b = new Batcher(c.run, { maxBatchSize: 100, delayMs: 0, concurrency: 1 });
    let answered = 0;
    const calls = ["a", "b", "c"].map((x) => b.add(x).then((v) => (answered++, v)));
    await tick();
    expect(c.batches).toEqual([["a", "b", "c"]]);
    expect(answered).toBe(0);
    await c.releaseAll(calls);
    expect(await Promise.all(calls)).toEqual(["done a", "done b", "done c"]);
  });

  it("gathers calls made while a batch is in flight into the next one, within maxBatchSize", async () => {
    const c = controlledRun();
    const b = new Batcher(c.run, { maxBatchSize: 2, delayMs: 0, concurrency: 1 });
    const first = b.add("a");
    await tick();
    const rest = ["b", "c", "d"].map((x) => b.add(x));
    await tick();
    expect(c.batches).toEqual([["a"]]);
    await c.releaseAll([first, ...rest]);
    await Promise.all([first, ...rest]);
    expect(c.batches).toEqual([["a"], ["b", "c"], ["d"]]);
  });

  it("fails only the calls whose item failed", async () => {
    const c = controlledRun();
    const b = new Batcher(c.run, { maxBatchSize: 10, delayMs: 0, concurrency: 1 });
    const calls = ["ok", "bad-one", "ok2"].map((x) => b.add(x));
    const results = Promise.allSettled(calls);
    await tick();
    await c.releaseAll(calls);
    expect((await results).map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("never runs two calls of one key at once, even with several batches in flight, and keeps their order", async () => {
    const c = controlledRun();
    const b = new Batcher(c.run, {
      maxBatchSize: 10,
      delayMs: 0,
      concurrency: 3,
      key: (x: string) => x.split(":")[0]!,
    });
    const calls = ["t:1", "u:1", "t:2", "t:3", "v:1"].map((x) => b.add(x));
    await tick();
    await tick();
    expect(c.batches).toEqual([["t:1", "u:1", "v:1"]]);
    await c.releaseAll(calls);
    await Promise.all(calls);
    expect(c.batches).toEqual([["t:1", "u:1", "v:1"], ["t:2"], ["t:3"]]);
  });

  it("rejects every call of a batch whose run throws", async () => {
    const b = new Batcher<string, string>(
      async () => {
        throw new Error("down");
      },
      { maxBatchSize: 10, delayMs: 0, concurrency: 1 },
    );
    const results = await Promise.allSettled([b.add("a"), b.add("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
