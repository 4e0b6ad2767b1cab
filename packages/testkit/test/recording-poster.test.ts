import { isActorError } from "@actor/core";
import { describe, expect, it } from "vitest";
import { describeContentPosterContract, FakeClock, RecordingPoster } from "../src/index.js";

describeContentPosterContract("RecordingPoster", async () => {
  const poster = new RecordingPoster();
  return {
    poster,
    content: { text: "hello 👋" },
    destination: "channel-1",
    invalidDestination: "not a channel",
    rejectedPost: () => {
      poster.failNext("permission");
      return { content: { text: "hello" }, destination: "channel-1", code: "permission" };
    },
  };
});

describeContentPosterContract("RecordingPoster with 20 ms latency", async () => ({
  poster: new RecordingPoster({ latencyMs: 20, platform: "slow" }),
  content: { text: "hi" },
  destination: "c",
  invalidDestination: "",
  rejectedPost: () => ({ content: { text: "hi" }, destination: "has space", code: "validation" }),
}));

describe("RecordingPoster", () => {
  const opts = (key: string) => ({ idempotencyKey: key });

  it("records every call with its content, destination, key and outcome", async () => {
    const poster = new RecordingPoster({ clock: new FakeClock("2026-05-01T00:00:00Z") });
    const message = await poster.post({ text: "a" }, "chan", opts("t@1"));
    expect(message).toEqual({
      id: "recording-1",
      ids: ["recording-1"],
      platform: "recording",
      destination: "chan",
      postedAt: new Date("2026-05-01T00:00:00Z"),
    });
    expect(poster.calls).toEqual([
      {
        content: { text: "a" },
        destination: "chan",
        idempotencyKey: "t@1",
        at: new Date("2026-05-01T00:00:00Z"),
        message,
      },
    ]);
    expect(poster.posted).toEqual([message]);
  });

  it("takes latencyMs on its clock: with a fake clock a post settles only once time has advanced that far", async () => {
    const clock = new FakeClock();
    const poster = new RecordingPoster({ clock, latencyMs: 1_000 });
    let settled = false;
    const pending = poster.post({}, "chan", opts("k")).then(() => (settled = true));
    await clock.advance(999);
    expect(settled).toBe(false);
    await clock.advance(1);
    await pending;
    expect(settled).toBe(true);
  });

  it("failNext fails the next calls with the given code, retryability and context, then succeeds", async () => {
    const poster = new RecordingPoster().failNext("rate-limited", {
      times: 2,
      context: { retryAfterMs: 2_000 },
    });
    for (const key of ["k1", "k2"]) {
      await expect(poster.post({ text: "x" }, "chan", opts(key))).rejects.toMatchObject({
        code: "rate-limited",
        retryable: true,
        context: { platform: "recording", retryAfterMs: 2_000 },
      });
    }
    await expect(poster.post({ text: "x" }, "chan", opts("k3"))).resolves.toMatchObject({
      destination: "chan",
    });
    expect(poster.calls.map((c) => c.error?.code ?? "posted")).toEqual([
      "rate-limited",
      "rate-limited",
      "posted",
    ]);
    expect(poster.posted).toHaveLength(1);
  });

  it("planned failures run in order, and a retryable override is kept", async () => {
    const poster = new RecordingPoster()
      .failNext("server-error", { retryable: false })
      .failNext("auth");
    const first = await poster.post({}, "chan", opts("a")).catch((e: unknown) => e);
    const second = await poster.post({}, "chan", opts("b")).catch((e: unknown) => e);
    expect([isActorError(first), isActorError(second)]).toEqual([true, true]);
    expect(first).toMatchObject({ code: "server-error", retryable: false });
    expect(second).toMatchObject({ code: "auth", retryable: false });
  });

  it("failAlways fails every call until recover()", async () => {
    const poster = new RecordingPoster().failAlways("network");
    for (const key of ["a", "b", "c"])
      await expect(poster.post({}, "chan", opts(key))).rejects.toMatchObject({ code: "network" });
    poster.recover();
    await expect(poster.post({}, "chan", opts("d"))).resolves.toMatchObject({ id: "recording-1" });
  });

  it("an abort with a TimeoutError reason rejects with code timeout", async () => {
    const poster = new RecordingPoster();
    const reason = new DOMException("took too long", "TimeoutError");
    await expect(
      poster.post({}, "chan", { idempotencyKey: "k", signal: AbortSignal.abort(reason) }),
    ).rejects.toMatchObject({ code: "timeout", cause: reason });
  });

  it("the `accepts` option decides which destinations canPost and post allow", async () => {
    const poster = new RecordingPoster({ accepts: (d) => d.startsWith("#") });
    expect([poster.canPost("#general"), poster.canPost("general")]).toEqual([true, false]);
    await expect(poster.post({}, "general", opts("k"))).rejects.toMatchObject({
      code: "validation",
    });
  });

  it("stores a copy of the content, so later changes by the caller do not rewrite the record", async () => {
    const poster = new RecordingPoster();
    const content = { text: "before" };
    await poster.post(content, "chan", opts("k"));
    content.text = "after";
    expect(poster.calls[0]!.content).toEqual({ text: "before" });
  });
});
