import { describe, expect, it } from "vitest";
import { DiscordPoster } from "../src/index.js";
import { key, useServer } from "./harness.js";

describe("DiscordPoster: rate limits", () => {
  it("100 posts to 5 channels with buckets of 5 per 500 ms: every message lands once, in order, with no 429 once buckets are learned", async () => {
    const server = await useServer({
      bucket: { limit: 5, windowMs: 500 },
      globalLimit: { limit: 1000, windowMs: 1000 },
    });
    const channels = Array.from({ length: 5 }, () => server.createChannel());
    const poster = new DiscordPoster({
      token: server.token,
      rest: { api: server.apiUrl, timeout: 5_000 },
    });
    const jobs = [];
    for (let i = 0; i < 20; i++) {
      for (const [c, channel] of channels.entries()) {
        jobs.push(
          poster.post({ text: `c${c} #${i}` }, channel.id, { idempotencyKey: key(`c${c}`) }),
        );
      }
    }
    const posted = await Promise.all(jobs);
    expect(new Set(posted.map((p) => p.id)).size).toBe(100);
    const statuses = server.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(server.requests).toHaveLength(100);
    for (const [c, channel] of channels.entries()) {
      expect(server.messages(channel.id).map((m) => m.content)).toEqual(
        Array.from({ length: 20 }, (_, i) => `c${c} #${i}`),
      );
    }
    expect(poster.stats).toMatchObject({ requests: 100, rateLimited: 0 });
    expect(poster.stats.rateLimitWaits).toBeGreaterThan(0); // the client held requests back instead of being refused
  });

  it("a global limit tighter than the client's is answered with global 429s that the client waits out; nothing is lost or doubled", async () => {
    const server = await useServer({
      bucket: { limit: 100, windowMs: 1000 },
      globalLimit: { limit: 10, windowMs: 300 },
    });
    const channels = Array.from({ length: 3 }, () => server.createChannel());
    const poster = new DiscordPoster({
      token: server.token,
      rest: { api: server.apiUrl, timeout: 5_000, offset: 0 },
    });
    const jobs = channels.flatMap((channel, c) =>
      Array.from({ length: 10 }, (_, i) =>
        poster.post({ text: `${c}-${i}` }, channel.id, { idempotencyKey: key() }),
      ),
    );
    await Promise.all(jobs);
    const refused = server.requests.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(poster.stats.rateLimited).toBe(refused.length);
    for (const channel of channels) expect(server.messages(channel.id)).toHaveLength(10);
  });
});
