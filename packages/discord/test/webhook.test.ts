import { describe, expect, it } from "vitest";
import {
  DiscordAlertSink,
  DiscordPoster,
  DiscordWebhookPoster,
  parseWebhookUrl,
} from "../src/index.js";
import { FAST_REST, failure, key, useServer } from "./harness.js";

const logged: unknown[] = [];
const logger = {
  warn: (data: unknown, message: string) => void logged.push([data, message]),
  debug: (data: unknown, message: string) => void logged.push([data, message]),
};

describe("DiscordWebhookPoster", () => {
  it("posts with wait=true and returns the message id, with username and avatar overrides", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordWebhookPoster({
      url: server.webhookUrl(channel.id),
      username: "Daily",
      avatarUrl: "https://x/a.png",
      rest: FAST_REST,
    });
    const posted = await poster.post({ text: "hi <@123456789012345678>" }, "", {
      idempotencyKey: key(),
    });
    const [message] = server.messages(channel.id);
    expect(message).toMatchObject({
      id: posted.id,
      content: "hi <@123456789012345678>",
      username: "Daily",
      avatarUrl: "https://x/a.png",
      mentions: [],
    });
    expect(posted.destination).toBe(`webhook:${poster.webhookId}`);
    expect(server.requests[0]!.path).toMatch(/^\/webhooks\/\d+\/[^?]+$/);
  });

  it("posts into a thread given as the destination or as threadId", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const thread = server.createChannel({ kind: "public-thread", parentId: channel.id });
    await new DiscordWebhookPoster({ url: server.webhookUrl(channel.id), rest: FAST_REST }).post(
      { text: "a" },
      thread.id,
      { idempotencyKey: key() },
    );
    await new DiscordWebhookPoster({
      url: server.webhookUrl(channel.id),
      threadId: thread.id,
      rest: FAST_REST,
    }).post({ text: "b" }, "ops", { idempotencyKey: key() });
    expect(server.messages(thread.id).map((m) => m.content)).toEqual(["a", "b"]);
  });

  it("at most once: a response delayed past the timeout is a non-retryable timeout, sent once, with one message stored", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ times: 1, fault: { kind: "delay", ms: 800, stage: "after" } });
    const poster = new DiscordWebhookPoster({
      url: server.webhookUrl(channel.id),
      rest: { timeout: 200 },
    });
    const error = await failure(poster.post({ text: "once" }, "", { idempotencyKey: key() }));
    expect(error).toMatchObject({ code: "timeout", retryable: false });
    expect(error.message).toMatch(/not retried/);
    expect(server.requests).toHaveLength(1);
    expect(server.messages(channel.id)).toHaveLength(1);
  });

  it("at most once: a 5xx and a dropped connection are not retried; a refused connection and a 429 are", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordWebhookPoster({
      url: server.webhookUrl(channel.id),
      rest: FAST_REST,
    });
    server.faults.add({ times: 1, fault: { kind: "error", status: 502 } });
    await expect(poster.post({ text: "a" }, "", { idempotencyKey: key() })).rejects.toMatchObject({
      code: "server-error",
      retryable: false,
    });
    server.faults.add({ times: 1, fault: { kind: "drop", stage: "after" } });
    await expect(poster.post({ text: "b" }, "", { idempotencyKey: key() })).rejects.toMatchObject({
      code: "network",
      retryable: false,
    });
    server.faults.add({ times: 1, fault: { kind: "rate-limit", retryAfterMs: 100 } });
    await poster.post({ text: "c" }, "", { idempotencyKey: key() });
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["b", "c"]);
    expect(server.requests).toHaveLength(4);
    await server.close();
    await expect(poster.post({ text: "d" }, "", { idempotencyKey: key() })).rejects.toMatchObject({
      code: "network",
      retryable: true,
    });
  });

  it("never shows the webhook token in errors or logs", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = server.webhookUrl(channel.id);
    const token = parseWebhookUrl(url).token;
    const wrong = url.replace(/\/[^/]+$/, "/wrong-secret-token");
    const errors: unknown[] = [];
    const poster = new DiscordWebhookPoster({ url: wrong, rest: FAST_REST, logger });
    await poster
      .post({ text: "a" }, "", { idempotencyKey: key() })
      .catch((e: unknown) => errors.push(e));
    server.faults.add({ times: 1, fault: { kind: "error", status: 500 } });
    await new DiscordWebhookPoster({ url, rest: FAST_REST, logger })
      .post({ text: "a" }, "", { idempotencyKey: key() })
      .catch((e: unknown) => errors.push(e));
    server.faults.add({ times: 1, fault: { kind: "rate-limit", retryAfterMs: 50 } });
    await new DiscordWebhookPoster({ url, rest: FAST_REST, logger }).post({ text: "b" }, "", {
      idempotencyKey: key(),
    });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: "auth" });
    for (const error of errors) {
      const e = error as Error & { context: unknown; cause?: unknown };
      const text = `${e.message} ${JSON.stringify(e.context)} ${e.stack} ${String(e.cause)}`;
      expect(text).not.toContain(token);
      expect(text).not.toContain("wrong-secret-token");
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(token);
  });

  it("canPost checks the webhook exists", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = server.webhookUrl(channel.id);
    expect(await new DiscordWebhookPoster({ url, rest: FAST_REST }).canPost("")).toBe(true);
    expect(
      await new DiscordWebhookPoster({
        url: url.replace(/\/[^/]+$/, "/nope"),
        rest: FAST_REST,
      }).canPost(""),
    ).toBe(false);
  });

  it("rejects malformed webhook URLs without echoing them", () => {
    expect(
      () =>
        new DiscordWebhookPoster({
          url: "http://discord.com/api/webhooks/123456789012345678/secret",
        }),
    ).toThrow(/http: is not allowed/);
    expect(
      () => new DiscordWebhookPoster({ url: "https://discord.com/api/channels/1/secret" }),
    ).toThrow(/not \/api\/webhooks/);
    expect(
      () =>
        new DiscordWebhookPoster({
          url: "https://discord.com/api/webhooks/123456789012345678/secret",
          threadId: "x",
        }),
    ).toThrow(/threadId/);
    try {
      new DiscordWebhookPoster({
        url: "https://discord.com/api/nope/123456789012345678/secret-value",
      });
    } catch (error) {
      expect((error as Error).message).not.toContain("secret-value");
    }
    expect(
      parseWebhookUrl("https://canary.discord.com/api/v10/webhooks/123456789012345678/abc-DEF_1"),
    ).toEqual({
      api: "https://canary.discord.com/api",
      id: "123456789012345678",
      token: "abc-DEF_1",
    });
  });
});

describe("DiscordAlertSink", () => {
  const alert = {
    kind: "circuit-open" as const,
    taskId: "morning",
    actorName: "quotes",
    consecutiveFailures: 5,
    lastError: { code: "permission", message: "x".repeat(5000) },
    at: new Date("2026-01-05T09:00:00Z"),
  };

  it("posts a circuit-open alert to an ops channel through a bot poster, once per alert", async () => {
    const server = await useServer();
    const ops = server.createChannel();
    const sink = new DiscordAlertSink({
      poster: new DiscordPoster({
        token: server.token,
        rest: { ...FAST_REST, api: server.apiUrl },
      }),
      destination: ops.id,
    });
    await sink.send(alert);
    await sink.send(alert);
    const [message, ...rest] = server.messages(ops.id);
    expect(rest).toHaveLength(0);
    expect(message!.content).toContain("morning");
    expect(message!.embeds[0]).toMatchObject({
      title: "Circuit open: morning",
      timestamp: "2026-01-05T09:00:00.000Z",
    });
    expect(message!.embeds[0]!.fields!.map((f) => f.name)).toEqual([
      "Actor",
      "Consecutive failures",
      "Last error",
    ]);
    expect(message!.embeds[0]!.fields![2]!.value.length).toBeLessThanOrEqual(1024);
  });

  it("posts through a webhook URL and rejects with the ActorError when Discord refuses", async () => {
    const server = await useServer();
    const ops = server.createChannel();
    await new DiscordAlertSink({ webhookUrl: server.webhookUrl(ops.id), rest: FAST_REST }).send(
      alert,
    );
    expect(server.messages(ops.id)[0]).toMatchObject({ username: "actor alerts" });
    server.faults.add({
      fault: { kind: "error", status: 403, code: 50013, message: "Missing Permissions" },
    });
    await expect(
      new DiscordAlertSink({ webhookUrl: server.webhookUrl(ops.id), rest: FAST_REST }).send(alert),
    ).rejects.toMatchObject({ code: "permission" });
  });
});
