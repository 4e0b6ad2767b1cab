import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordPoster, nonceFor, type DiscordPosterOptions } from "../src/index.js";
import type { DiscordTestServer } from "../src/testing/index.js";
import { FAST_REST, failure, key, useServer } from "./harness.js";

const posterFor = (server: DiscordTestServer, options: Partial<DiscordPosterOptions> = {}) =>
  new DiscordPoster({
    token: server.token,
    rest: { ...FAST_REST, api: server.apiUrl },
    ...options,
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "actor-discord-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("DiscordPoster: posting", () => {
  it("posts text to a channel and returns Discord's snowflake and timestamp", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const k = key();
    const posted = await posterFor(server).post({ text: "hello" }, channel.id, {
      idempotencyKey: k,
    });
    expect(posted).toMatchObject({
      platform: "discord",
      destination: channel.id,
      ids: [posted.id],
    });
    expect(posted.id).toMatch(/^\d{17,19}$/);
    const [stored] = server.messages(channel.id);
    expect(stored).toMatchObject({ id: posted.id, content: "hello", nonce: nonceFor(k) });
    expect(posted.postedAt.toISOString()).toBe(stored!.timestamp);
    expect(server.requests[0]!.body).toMatchObject({ nonce: nonceFor(k), enforce_nonce: true });
  });

  it("maps embeds to Discord's shape (snake_case, ISO timestamps)", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    await posterFor(server).post(
      {
        embeds: [
          {
            title: "T",
            description: "D",
            color: 0x00ff00,
            timestamp: "2026-01-01T10:00:00+01:00",
            footer: { text: "F", iconUrl: "https://x/f.png" },
            author: { name: "A", iconUrl: "https://x/a.png" },
            fields: [{ name: "n", value: "v", inline: true }],
            image: { url: "https://x/i.png" },
          },
        ],
      },
      channel.id,
      { idempotencyKey: key() },
    );
    expect(server.messages(channel.id)[0]!.embeds).toEqual([
      {
        title: "T",
        description: "D",
        color: 0x00ff00,
        timestamp: "2026-01-01T09:00:00.000Z",
        footer: { text: "F", icon_url: "https://x/f.png" },
        author: { name: "A", icon_url: "https://x/a.png" },
        fields: [{ name: "n", value: "v", inline: true }],
        image: { url: "https://x/i.png" },
      },
    ]);
  });

  it("uploads files by path, by buffer and from file: media, byte for byte, as multipart", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const binary = randomBytes(300_000);
    const path = join(dir, "chart.png");
    await writeFile(path, binary);
    const media = join(dir, "notes.txt");
    await writeFile(media, "plain ✓ text");
    await posterFor(server).post(
      {
        text: "files",
        files: [
          { path, contentType: "image/png", description: "a chart" },
          { name: "data.json", data: '{"a":1}' },
        ],
        media: [
          { url: pathToFileURL(media).href, kind: "file", altText: "notes" },
          { url: "https://example.com/cat.gif", kind: "image" },
        ],
      },
      channel.id,
      { idempotencyKey: key() },
    );
    const [message] = server.messages(channel.id);
    expect(message!.content).toBe("files\nhttps://example.com/cat.gif");
    expect(message!.attachments.map((a) => [a.filename, a.description, a.size])).toEqual([
      ["chart.png", "a chart", 300_000],
      ["data.json", null, 7],
      ["notes.txt", "notes", Buffer.byteLength("plain ✓ text")],
    ]);
    expect(message!.attachments[0]!.contentType).toBe("image/png");
    expect(Buffer.from(message!.attachments[0]!.data).equals(binary)).toBe(true);
    expect(Buffer.from(message!.attachments[2]!.data).toString("utf8")).toBe("plain ✓ text");
  });

  it("a missing file is a validation error naming it, before any request", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const missing = join(dir, "nope.png");
    await expect(
      posterFor(server).post({ text: "x", files: [{ path: missing }] }, channel.id, {
        idempotencyKey: key(),
      }),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining(missing),
    });
    expect(server.requests).toHaveLength(0);
  });

  it("pings nobody by default, even with @everyone, user and role mentions in the text", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    await posterFor(server).post(
      { text: "@everyone @here <@123456789012345678> <@&223456789012345678>" },
      channel.id,
      { idempotencyKey: key() },
    );
    const [message] = server.messages(channel.id);
    expect(message).toMatchObject({ mentionEveryone: false, mentions: [], mentionRoles: [] });
    expect(message!.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it("pings what allowedMentions allows", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = posterFor(server, {
      allowedMentions: { parse: ["users"], roles: ["223456789012345678"] },
    });
    await poster.post(
      { text: "@everyone <@123456789012345678> <@&223456789012345678> <@&323456789012345678>" },
      channel.id,
      { idempotencyKey: key() },
    );
    expect(server.messages(channel.id)[0]).toMatchObject({
      mentionEveryone: false,
      mentions: ["123456789012345678"],
      mentionRoles: ["223456789012345678"],
    });
  });

  it("posts into a thread by its id and accepts <#id> and { channelId } / { threadId }", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const thread = server.createChannel({ kind: "public-thread", parentId: channel.id });
    const poster = posterFor(server);
    await poster.post({ text: "1" }, thread.id, { idempotencyKey: key() });
    await poster.post({ text: "2" }, { threadId: thread.id }, { idempotencyKey: key() });
    const posted = await poster.post({ text: "3" }, `<#${channel.id}>`, { idempotencyKey: key() });
    await poster.post({ text: "4" }, { channelId: channel.id }, { idempotencyKey: key() });
    expect(posted.destination).toBe(channel.id);
    expect(server.messages(thread.id).map((m) => m.content)).toEqual(["1", "2"]);
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["3", "4"]);
  });

  it("creates a forum post (a thread with the message), named from the destination or the first line", async () => {
    const server = await useServer();
    const forum = server.createChannel({ kind: "forum" });
    const poster = posterFor(server);
    const named = await poster.post(
      { text: "body" },
      { forumId: forum.id, threadName: "Release 1.2" },
      { idempotencyKey: key() },
    );
    const fromText = await poster.post({ text: "Weekly digest\nmore lines" }, `forum:${forum.id}`, {
      idempotencyKey: key(),
    });
    expect(named.destination).toBe(`forum:${forum.id}`);
    const threads = server.threads(forum.id);
    expect(threads.map((t) => t.name)).toEqual(["Release 1.2", "Weekly digest"]);
    expect(server.messages(threads[0]!.id).map((m) => m.id)).toEqual([named.id]);
    expect(server.messages(threads[1]!.id).map((m) => m.content)).toEqual([
      "Weekly digest\nmore lines",
    ]);
    expect(fromText.ids).toEqual([fromText.id]);
  });

  it("posting to a forum channel as a plain channel is Discord's 400/50008, a validation error", async () => {
    const server = await useServer();
    const forum = server.createChannel({ kind: "forum" });
    await expect(
      posterFor(server).post({ text: "x" }, forum.id, { idempotencyKey: key() }),
    ).rejects.toMatchObject({
      code: "validation",
      retryable: false,
      context: { status: 400, discordCode: 50008 },
    });
  });

  it("canPost: true for a visible text channel, thread or forum (as forum:), false for unknown, hidden or wrong kinds; checks are cached", async () => {
    const server = await useServer();
    const text = server.createChannel();
    const hidden = server.createChannel({ access: "none" });
    const forum = server.createChannel({ kind: "forum" });
    const poster = posterFor(server);
    expect(await poster.canPost(text.id)).toBe(true);
    expect(await poster.canPost(text.id)).toBe(true);
    const checks = () => server.requests.filter((r) => r.route === "GET /channels/:id").length;
    expect(checks()).toBe(1);
    expect(await poster.canPost(`forum:${forum.id}`)).toBe(true);
    expect(await poster.canPost(forum.id)).toBe(false);
    expect(await poster.canPost(`forum:${text.id}`)).toBe(false);
    expect(await poster.canPost(hidden.id)).toBe(false);
    expect(await poster.canPost("123456789012345678")).toBe(false);
    expect(await poster.canPost("general")).toBe(false);
    expect(await poster.canPost({ channelId: "12" })).toBe(false);
    expect(checks()).toBe(6); // one per distinct destination that parses
  });

  it("canPost: false where the bot may see but not send (a read-only channel, a thread of one), true with Send Messages", async () => {
    const server = await useServer();
    const readOnly = server.createChannel({ access: "read" });
    const readOnlyThread = server.createChannel({
      kind: "public-thread",
      parentId: readOnly.id,
      access: "read",
    });
    const writable = server.createChannel();
    const thread = server.createChannel({ kind: "public-thread", parentId: writable.id });
    const readOnlyForum = server.createChannel({ kind: "forum", access: "read" });
    const poster = posterFor(server);
    expect(await poster.canPost(readOnly.id)).toBe(false);
    expect(await poster.canPost(readOnlyThread.id)).toBe(false);
    expect(await poster.canPost(`forum:${readOnlyForum.id}`)).toBe(false);
    expect(await poster.canPost(writable.id)).toBe(true);
    expect(await poster.canPost(thread.id)).toBe(true);
    expect(server.requests.filter((r) => r.route === "GET /users/@me")).toHaveLength(1);
  });

  it("canPost throws the auth error for a bad token instead of saying the channel is unusable", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    await expect(
      new DiscordPoster({ token: "bad", rest: { ...FAST_REST, api: server.apiUrl } }).canPost(
        channel.id,
      ),
    ).rejects.toMatchObject({ code: "auth" });
  });

  it("counts requests and posts in stats", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = posterFor(server);
    await poster.post({ text: "a" }, channel.id, { idempotencyKey: key() });
    await poster.post({ text: "b" }, channel.id, { idempotencyKey: key() });
    expect(poster.stats).toEqual({ requests: 2, rateLimited: 0, rateLimitWaits: 0, posted: 2 });
  });

  it("rejects a missing token at construction and never shows the token in errors", async () => {
    expect(() => new DiscordPoster({ token: "" })).toThrow(/bot token/);
    const server = await useServer();
    const channel = server.createChannel();
    const secret = "super-secret-token-value";
    const error = await failure(
      new DiscordPoster({ token: secret, rest: { ...FAST_REST, api: server.apiUrl } }).post(
        { text: "x" },
        channel.id,
        { idempotencyKey: key() },
      ),
    );
    expect(
      JSON.stringify({
        message: (error as Error).message,
        context: (error as { context?: unknown }).context,
      }),
    ).not.toContain(secret);
  });
});
