import { isRetryable } from "@actor/core";
import { describe, expect, it } from "vitest";
import {
  DiscordPoster,
  type DiscordPosterOptions,
  type DiscordRateLimitEvent,
} from "../src/index.js";
import type { DiscordTestServer } from "../src/testing/index.js";
import { FAST_REST, failure, key, useServer } from "./harness.js";

const posterFor = (server: DiscordTestServer, options: Partial<DiscordPosterOptions> = {}) =>
  new DiscordPoster({
    token: server.token,
    rest: { ...FAST_REST, api: server.apiUrl },
    ...options,
  });
const posts = (server: DiscordTestServer) =>
  server.requests.filter((r) => r.route === "POST /channels/:id/messages");

describe("DiscordPoster: Discord errors become ActorErrors", () => {
  it("401 is a permanent auth error, sent once; a later call works once the token is accepted again", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = posterFor(server);
    server.revokeToken(server.token);
    const error = await failure(poster.post({ text: "a" }, channel.id, { idempotencyKey: key() }));
    expect(error).toMatchObject({
      code: "auth",
      retryable: false,
      context: { status: 401, platform: "discord", destination: channel.id },
    });
    expect(posts(server)).toHaveLength(1);
    server.acceptToken(server.token);
    await poster.post({ text: "b" }, channel.id, { idempotencyKey: key() });
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["b"]);
  });

  it("401 with a wrong token, then setToken with the fixed one works", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordPoster({
      token: "wrong-token",
      rest: { ...FAST_REST, api: server.apiUrl },
    });
    await expect(
      poster.post({ text: "a" }, channel.id, { idempotencyKey: key() }),
    ).rejects.toMatchObject({ code: "auth" });
    poster.setToken(server.token);
    await poster.post({ text: "b" }, channel.id, { idempotencyKey: key() });
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["b"]);
  });

  it("403/50001 (hidden channel) and 403/50013 (no Send Messages) are permanent permission errors, sent once", async () => {
    const server = await useServer();
    const hidden = server.createChannel({ access: "none" });
    const readOnly = server.createChannel({ access: "read" });
    const poster = posterFor(server);
    await expect(
      poster.post({ text: "a" }, hidden.id, { idempotencyKey: key() }),
    ).rejects.toMatchObject({
      code: "permission",
      retryable: false,
      context: { status: 403, discordCode: 50001 },
    });
    await expect(
      poster.post({ text: "a" }, readOnly.id, { idempotencyKey: key() }),
    ).rejects.toMatchObject({ code: "permission", context: { discordCode: 50013 } });
    expect(posts(server)).toHaveLength(2);
  });

  it("404/10003 is a permanent not-found error naming the channel", async () => {
    const server = await useServer();
    const poster = posterFor(server);
    const error = await failure(
      poster.post({ text: "a" }, "123456789012345678", { idempotencyKey: key() }),
    );
    expect(error).toMatchObject({
      code: "not-found",
      retryable: false,
      context: { status: 404, discordCode: 10003 },
    });
    expect(error.message).toContain("123456789012345678");
    expect(error.message).toContain("unknown channel");
    expect(posts(server)).toHaveLength(1);
  });

  it("400/50035 is a permanent validation error carrying Discord's field errors", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({
      fault: {
        kind: "error",
        status: 400,
        code: 50035,
        message: "Invalid Form Body",
        errors: {
          embeds: {
            "0": {
              url: {
                _errors: [{ code: "URL_TYPE_INVALID_URL", message: "Not a well formed URL." }],
              },
            },
          },
        },
      },
    });
    const error = await failure(
      posterFor(server).post({ embeds: [{ title: "t", url: "nope" }] }, channel.id, {
        idempotencyKey: key(),
      }),
    );
    expect(error).toMatchObject({
      code: "validation",
      retryable: false,
      context: { status: 400, discordCode: 50035 },
    });
    expect(error.message).toContain("embeds.0.url: Not a well formed URL.");
    expect(posts(server)).toHaveLength(1);
  });

  it("a 429 is waited out by the client, reported as an event and counted, and the message lands once", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const events: DiscordRateLimitEvent[] = [];
    const poster = posterFor(server, { onRateLimited: (e) => events.push(e) });
    server.faults.add({ times: 1, fault: { kind: "rate-limit", retryAfterMs: 150 } });
    await poster.post({ text: "a" }, channel.id, { idempotencyKey: key() });
    expect(server.messages(channel.id)).toHaveLength(1);
    expect(posts(server).map((r) => r.status)).toEqual([429, 200]);
    expect(events).toEqual([
      {
        kind: "429",
        route: `/api/v10/channels/${channel.id}/messages`,
        retryAfterMs: 150,
        global: false,
        scope: "user",
      },
    ]);
    expect(poster.stats.rateLimited).toBe(1);
  });

  it("a 429 longer than maxRateLimitWaitMs fails as rate-limited with retryAfterMs from retry_after", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({
      times: 1,
      fault: { kind: "rate-limit", retryAfterMs: 60_000, global: true },
    });
    const error = await failure(
      posterFor(server, { maxRateLimitWaitMs: 1_000 }).post({ text: "a" }, channel.id, {
        idempotencyKey: key(),
      }),
    );
    expect(error).toMatchObject({ code: "rate-limited", retryable: true });
    expect(
      (error as { context: { retryAfterMs: number } }).context.retryAfterMs,
    ).toBeGreaterThanOrEqual(60_000);
    expect(server.messages(channel.id)).toHaveLength(0);
  });

  it("5xx answers are re-sent by the client (same nonce) and a later success stores one message", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ times: 2, fault: { kind: "error", status: 502 } });
    await posterFor(server).post({ text: "a" }, channel.id, { idempotencyKey: key() });
    expect(posts(server).map((r) => r.status)).toEqual([502, 502, 200]);
    expect(new Set(posts(server).map((r) => r.nonce)).size).toBe(1);
    expect(server.messages(channel.id)).toHaveLength(1);
  });

  it("5xx on every attempt is a retryable server-error", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ fault: { kind: "error", status: 500 } });
    const error = await failure(
      posterFor(server, { rest: { ...FAST_REST, api: server.apiUrl, retries: 1 } }).post(
        { text: "a" },
        channel.id,
        { idempotencyKey: key() },
      ),
    );
    expect(error).toMatchObject({
      code: "server-error",
      retryable: true,
      context: { status: 500 },
    });
    expect(posts(server)).toHaveLength(2);
  });

  it("a dropped connection is a retryable network error; the engine's retry with the same key finds the stored message", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = posterFor(server);
    server.faults.add({ times: 1, fault: { kind: "drop", stage: "after" } });
    const k = key();
    const error = await failure(poster.post({ text: "a" }, channel.id, { idempotencyKey: k }));
    expect(error).toMatchObject({ code: "network" });
    expect(isRetryable(error)).toBe(true);
    const posted = await poster.post({ text: "a" }, channel.id, { idempotencyKey: k });
    expect(server.messages(channel.id).map((m) => m.id)).toEqual([posted.id]);
  });

  it("a response delayed past the client's timeout: the client re-sends, Discord returns the stored message, exactly one exists", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ times: 1, fault: { kind: "delay", ms: 2_500, stage: "after" } });
    const poster = posterFor(server, { rest: { api: server.apiUrl, timeout: 800, offset: 0 } });
    const posted = await poster.post({ text: "slow" }, channel.id, { idempotencyKey: key() });
    expect(posts(server).length).toBeGreaterThanOrEqual(2);
    expect(server.messages(channel.id).map((m) => m.id)).toEqual([posted.id]);
  });

  it("no answer at all within every attempt is a retryable timeout", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ fault: { kind: "delay", ms: 1_000, stage: "before" } });
    const error = await failure(
      posterFor(server, { rest: { api: server.apiUrl, timeout: 100, retries: 1 } }).post(
        { text: "a" },
        channel.id,
        { idempotencyKey: key() },
      ),
    );
    expect(error).toMatchObject({ code: "timeout", retryable: true });
  });

  it("an unreachable Discord (connection refused) is a retryable network error", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    await server.close();
    const error = await failure(
      posterFor(server, { rest: { ...FAST_REST, api: server.apiUrl, retries: 0 } }).post(
        { text: "a" },
        channel.id,
        { idempotencyKey: key() },
      ),
    );
    expect(error).toMatchObject({ code: "network", retryable: true });
  });

  it("content over Discord's limits is a validation error before any request", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const error = await failure(
      posterFor(server).post({ text: "x".repeat(2001) }, channel.id, { idempotencyKey: key() }),
    );
    expect(error).toMatchObject({ code: "validation", retryable: false });
    expect(error.message).toContain("content: Must be 2000 or fewer in length. (got 2001)");
    expect(error.message).toContain("split");
    expect(server.requests).toHaveLength(0);
  });

  it("a caller's abort while the request waits for a rate-limit bucket rejects at once and never sends it", async () => {
    const server = await useServer({ bucket: { limit: 1, windowMs: 800 } });
    const channel = server.createChannel();
    const poster = posterFor(server);
    await poster.post({ text: "first" }, channel.id, { idempotencyKey: key() });
    const controller = new AbortController();
    const pending = poster.post({ text: "second" }, channel.id, {
      idempotencyKey: key(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: "aborted" });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["first"]);
  });
});
