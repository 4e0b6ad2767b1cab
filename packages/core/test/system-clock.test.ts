import { systemClock } from "@actor/core";
import { describe, expect, it } from "vitest";

describe("systemClock", () => {
  it("now() is the wall clock", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("sleep resolves after at least the delay", async () => {
    const start = performance.now();
    await systemClock.sleep(30);
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
  });

  it("sleep with an already aborted signal rejects at once with the signal's reason", async () => {
    const reason = new Error("shutdown");
    await expect(systemClock.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("aborting during sleep rejects with the reason long before the delay", async () => {
    const controller = new AbortController();
    const start = performance.now();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(new Error("stop")), 10);
    await expect(sleeping).rejects.toThrow("stop");
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("an AbortSignal.timeout rejects sleep with a TimeoutError", async () => {
    await expect(systemClock.sleep(60_000, AbortSignal.timeout(10))).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("setTimer calls back once after the delay, and a cancelled timer never calls back", async () => {
    const fired: string[] = [];
    systemClock.setTimer(10, () => fired.push("kept"));
    systemClock.setTimer(10, () => fired.push("cancelled")).cancel();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual(["kept"]);
  });
});
