import { describe, expect, it } from "vitest";
import { FakeClock, flushPromises } from "../src/index.js";

const START = Date.parse("2026-01-01T00:00:00.000Z");

describe("FakeClock time", () => {
  it("starts at 2026-01-01T00:00:00Z by default and at the given Date, ISO string or epoch ms", () => {
    expect(new FakeClock().nowMs()).toBe(START);
    expect(new FakeClock(new Date(5)).nowMs()).toBe(5);
    expect(new FakeClock("2026-03-08T06:00:00Z").now()).toEqual(new Date("2026-03-08T06:00:00Z"));
    expect(new FakeClock(1_000).now()).toEqual(new Date(1_000));
  });

  it("now() returns a fresh Date each call, so mutating it does not move the clock", () => {
    const clock = new FakeClock();
    clock.now().setTime(0);
    expect(clock.nowMs()).toBe(START);
  });

  it("advance and advanceTo move time to the target even with no timers", async () => {
    const clock = new FakeClock();
    await clock.advance(1_500);
    expect(clock.nowMs()).toBe(START + 1_500);
    await clock.advanceTo("2026-01-02T00:00:00Z");
    expect(clock.now()).toEqual(new Date("2026-01-02T00:00:00Z"));
  });

  it("advanceTo refuses to move backwards and leaves time unchanged", async () => {
    const clock = new FakeClock();
    await expect(clock.advanceTo(START - 1)).rejects.toThrow(RangeError);
    expect(clock.nowMs()).toBe(START);
  });
});

describe("FakeClock timers", () => {
  it("fires a timer when its due time is reached, not a millisecond before, with now() = due time", async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    clock.setTimer(1_000, () => seen.push(clock.nowMs()));
    await clock.advance(999);
    expect(seen).toEqual([]);
    await clock.advance(5_000);
    expect(seen).toEqual([START + 1_000]);
    expect(clock.nowMs()).toBe(START + 5_999);
  });

  it("fires timers in due-time order, whatever order they were created in", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    clock.setTimer(300, () => order.push("c"));
    clock.setTimer(100, () => order.push("a"));
    clock.setTimer(200, () => order.push("b"));
    await clock.advance(300);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("fires timers due at the same instant in creation order", async () => {
    const clock = new FakeClock();
    const order: number[] = [];
    for (const n of [1, 2, 3, 4]) clock.setTimer(500, () => order.push(n));
    await clock.advance(500);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("fires timers set inside a callback within the same advance when they come due before its end", async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.nowMs() - START);
      clock.setTimer(1_000, tick);
    };
    clock.setTimer(1_000, tick);
    await clock.advance(3_500);
    expect(fired).toEqual([1_000, 2_000, 3_000]);
    expect(clock.nextTimerAt()).toEqual(new Date(START + 4_000));
  });

  it("fires a timer set by async work a timer started, within the same advance", async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimer(100, () => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => clock.setTimer(100, () => fired.push(clock.nowMs() - START)));
    });
    await clock.advance(250);
    expect(fired).toEqual([200]);
  });

  it("a cancelled timer never fires and no longer counts as pending; cancelling twice is harmless", async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const dropped = clock.setTimer(100, () => fired.push("dropped"));
    clock.setTimer(200, () => fired.push("kept"));
    expect(clock.pendingTimers()).toBe(2);
    dropped.cancel();
    dropped.cancel();
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toEqual(new Date(START + 200));
    await clock.advance(1_000);
    expect(fired).toEqual(["kept"]);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nextTimerAt()).toBeNull();
  });

  it("a negative delay is due now and fires on runDue without moving time", async () => {
    const clock = new FakeClock();
    let fired = false;
    clock.setTimer(-50, () => (fired = true));
    await clock.runDue();
    expect(fired).toBe(true);
    expect(clock.nowMs()).toBe(START);
  });
});

describe("FakeClock jump", () => {
  it("jump forward fires nothing by itself; runDue then fires the overdue timers at the jumped-to time", async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    clock.setTimer(1_000, () => seen.push(clock.nowMs()));
    clock.jump(START + 60_000);
    await flushPromises();
    expect(seen).toEqual([]);
    await clock.runDue();
    expect(seen).toEqual([START + 60_000]);
  });

  it("jump backwards moves time back and pending timers keep their absolute due time", async () => {
    const clock = new FakeClock();
    let fired = false;
    clock.setTimer(1_000, () => (fired = true));
    clock.jump(START - 5_000);
    expect(clock.nowMs()).toBe(START - 5_000);
    await clock.advance(5_999);
    expect(fired).toBe(false);
    await clock.advance(1);
    expect(fired).toBe(true);
  });
});

describe("FakeClock sleep and flushPromises", () => {
  it("sleep resolves once time is advanced past the delay", async () => {
    const clock = new FakeClock();
    let woke = false;
    const sleeping = clock.sleep(2_000).then(() => (woke = true));
    await clock.advance(1_999);
    expect(woke).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("sleep with an already aborted signal rejects with its reason and sets no timer", async () => {
    const clock = new FakeClock();
    const reason = new Error("stop");
    await expect(clock.sleep(1_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("aborting during sleep rejects with the reason and cancels the timer", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    expect(clock.pendingTimers()).toBe(1);
    controller.abort(new Error("shutdown"));
    await expect(sleeping).rejects.toThrow("shutdown");
    expect(clock.pendingTimers()).toBe(0);
  });

  it("flushPromises lets a chain of awaited promises settle", async () => {
    let done = false;
    void (async () => {
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.resolve();
      done = true;
    })();
    expect(done).toBe(false);
    await flushPromises();
    expect(done).toBe(true);
  });
});
