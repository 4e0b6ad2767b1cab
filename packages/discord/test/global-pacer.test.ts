import { describe, expect, it } from "vitest";
import { GlobalPacer } from "../src/global-pacer.js";

describe("GlobalPacer", () => {
  it("counts a request from its send until a window after its answer: never more than `limit` in flight or answered within the window", async () => {
    const pacer = new GlobalPacer(3, 60);
    const sent: number[] = [];
    const answered: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const release = await pacer.acquire();
        sent.push(performance.now());
        await new Promise((r) => setTimeout(r, i % 2 === 0 ? 5 : 20)); // the request's latency
        answered.push(performance.now());
        release();
      }),
    );
    expect(sent).toHaveLength(7);
    sent.sort((a, b) => a - b);
    answered.sort((a, b) => a - b);
    // The 4th send waits for the 1st answer plus the window, and so on.
    for (let i = 3; i < sent.length; i++)
      expect(sent[i]! - answered[i - 3]!).toBeGreaterThanOrEqual(59);
  });

  it("a release called twice counts once", async () => {
    const pacer = new GlobalPacer(1, 10_000);
    const release = await pacer.acquire();
    release();
    release();
    let second = false;
    void pacer.acquire().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe(false);
  });
});
