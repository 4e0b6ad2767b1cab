import { DiscordPoster } from "../src/index.js";
import { describe, expect, it } from "vitest";
import { FAST_REST, key, useServer } from "./harness.js";

describe("DiscordPoster against the loopback server", () => {
  it("posts text to a channel and returns Discord's snowflake", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordPoster({ token: server.token, rest: { ...FAST_REST, api: server.apiUrl } });
    const posted = await poster.post({ text: "hello" }, channel.id, { idempotencyKey: key() });
    expect(posted.id).toMatch(/^\d{17,19}$/);
    expect(posted.ids).toEqual([posted.id]);
    expect(posted.destination).toBe(channel.id);
    const stored = server.messages(channel.id);
    expect(stored.map((m) => m.content)).toEqual(["hello"]);
    expect(stored[0]!.id).toBe(posted.id);
    expect(stored[0]!.nonce).toHaveLength(25);
  });
});
