import { describe, expect, it } from "vitest";
import { ConsolePoster } from "../../src/posters/console-poster.js";
import { FakeClock } from "./helpers.js";

describe("ConsolePoster", () => {
  it("prints the destination, key, text, media and embeds to the injected write", async () => {
    const written: string[] = [];
    const poster = new ConsolePoster({
      write: (t) => written.push(t),
      clock: new FakeClock("2026-03-02T09:00:00Z"),
    });
    await poster.post(
      {
        text: "Hello\nworld",
        media: [{ url: "https://x/cat.png", kind: "image", altText: "a cat" }],
        embeds: [
          {
            title: "Title",
            description: "Body",
            fields: [{ name: "k", value: "v" }],
            footer: { text: "foot" },
          },
        ],
      },
      "#general",
      { idempotencyKey: "daily@2026-03-02T09:00:00.000Z" },
    );
    expect(written.join("")).toBe(
      [
        "[console] #general (daily@2026-03-02T09:00:00.000Z)",
        "Hello",
        "world",
        "  [image] https://x/cat.png (a cat)",
        "  [embed] Title",
        "    Body",
        "    k: v",
        "    — foot",
        "",
      ].join("\n"),
    );
  });

  it("returns an id derived from the idempotency key, the same for the same slot", async () => {
    const clock = new FakeClock("2026-03-02T09:00:00Z");
    const poster = new ConsolePoster({ write: () => {}, clock });
    const a = await poster.post({ text: "x" }, "d", { idempotencyKey: "t@1" });
    const b = await poster.post({ text: "y" }, "d", { idempotencyKey: "t@1" });
    const c = await poster.post({ text: "x" }, "d", { idempotencyKey: "t@2" });
    expect(a).toEqual({
      id: "console:t@1",
      ids: ["console:t@1"],
      platform: "console",
      destination: "d",
      postedAt: clock.now(),
    });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it("can post to any non-empty destination only", async () => {
    const poster = new ConsolePoster({ write: () => {} });
    expect(poster.canPost("anything")).toBe(true);
    expect(poster.canPost("  ")).toBe(false);
    await expect(poster.post({ text: "x" }, "", { idempotencyKey: "k" })).rejects.toMatchObject({
      code: "validation",
    });
  });

  it("does not print when the signal is already aborted", async () => {
    const written: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const poster = new ConsolePoster({ write: (t) => written.push(t) });
    await expect(
      poster.post({ text: "x" }, "d", { idempotencyKey: "k", signal: controller.signal }),
    ).rejects.toThrow();
    expect(written).toEqual([]);
  });
});
