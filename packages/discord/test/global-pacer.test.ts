import { describe, expect, it } from "vitest";
import { GlobalPacer } from "../src/global-pacer.js";

describe("GlobalPacer", () => {
  it("lets `limit` requests through at once, then never more than `limit` in any window", async () => {
    const pacer = new GlobalPacer(3, 60);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => pacer.turn().then(() => times.push(performance.now()))),
    );
    expect(times).toHaveLength(7);
    for (let i = 3; i < times.length; i++)
      expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(59);
  });
});
