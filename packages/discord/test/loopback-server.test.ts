import { describe, expect, it } from "vitest";
import { snowflakeTime } from "../src/testing/index.js";
import { useServer } from "./harness.js";

const json = (body: unknown) => ({
  "content-type": "application/json",
  body: JSON.stringify(body),
});

async function call(url: string, method: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== null) headers["authorization"] = `Bot ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = json(body).body;
  }
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

describe("startDiscordTestServer", () => {
  it("answers 401 without a valid bot token and 200 with one", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = `${server.apiUrl}/v10/channels/${channel.id}/messages`;
    expect((await call(url, "POST", null, { content: "x" })).status).toBe(401);
    expect((await call(url, "POST", "wrong", { content: "x" })).body).toEqual({
      message: "401: Unauthorized",
      code: 0,
    });
    expect((await call(url, "POST", server.token, { content: "x" })).status).toBe(200);
    expect(server.messages(channel.id)).toHaveLength(1);
  });

  it("gives 17–19 digit snowflakes that increase and encode the time", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await call(
        `${server.apiUrl}/channels/${channel.id}/messages`,
        "POST",
        server.token,
        { content: `m${i}` },
      );
      ids.push(body!["id"] as string);
    }
    for (const id of [...ids, channel.id, server.botUserId, server.guildId])
      expect(id).toMatch(/^\d{17,19}$/);
    const asBig = ids.map(BigInt);
    for (let i = 1; i < asBig.length; i++) expect(asBig[i]! > asBig[i - 1]!).toBe(true);
    expect(Math.abs(snowflakeTime(ids[0]!).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("sends honest X-RateLimit headers and a 429 with retry_after and scope once a bucket is empty", async () => {
    const server = await useServer({ bucket: { limit: 3, windowMs: 10_000 } });
    const a = server.createChannel();
    const b = server.createChannel();
    const post = (id: string) =>
      call(`${server.apiUrl}/channels/${id}/messages`, "POST", server.token, { content: "x" });
    const answers = [await post(a.id), await post(a.id), await post(a.id)];
    expect(answers.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    for (const r of answers) {
      expect(r.headers.get("x-ratelimit-limit")).toBe("3");
      expect(Number(r.headers.get("x-ratelimit-reset-after"))).toBeGreaterThan(0);
      expect(Number(r.headers.get("x-ratelimit-reset-after"))).toBeLessThanOrEqual(10);
      expect(r.headers.get("x-ratelimit-bucket")).toBe(
        answers[0]!.headers.get("x-ratelimit-bucket"),
      );
    }
    const refused = await post(a.id);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-scope")).toBe("user");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ message: "You are being rate limited.", global: false });
    expect(refused.body!["retry_after"]).toBeGreaterThan(0);
    expect(server.messages(a.id)).toHaveLength(3);
    expect((await post(b.id)).status).toBe(200); // another channel, another bucket
  });

  it("applies a global per-token limit with X-RateLimit-Global", async () => {
    const server = await useServer({ globalLimit: { limit: 2, windowMs: 10_000 } });
    const channels = [server.createChannel(), server.createChannel(), server.createChannel()];
    const statuses = [];
    for (const c of channels)
      statuses.push(
        await call(`${server.apiUrl}/channels/${c.id}/messages`, "POST", server.token, {
          content: "x",
        }),
      );
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 429]);
    expect(statuses[2]!.headers.get("x-ratelimit-global")).toBe("true");
    expect(statuses[2]!.headers.get("x-ratelimit-scope")).toBe("global");
    expect(statuses[2]!.body!["global"]).toBe(true);
  });

  it("de-duplicates an enforced nonce per author within the window, not without enforce_nonce", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = `${server.apiUrl}/channels/${channel.id}/messages`;
    const first = await call(url, "POST", server.token, {
      content: "a",
      nonce: "n-1",
      enforce_nonce: true,
    });
    const again = await call(url, "POST", server.token, {
      content: "a",
      nonce: "n-1",
      enforce_nonce: true,
    });
    expect(again.body!["id"]).toBe(first.body!["id"]);
    await call(url, "POST", server.token, { content: "b", nonce: "n-1" });
    const hook = await call(`${server.webhookUrl(channel.id)}?wait=true`, "POST", null, {
      content: "c",
      nonce: "n-1",
      enforce_nonce: true,
    });
    expect(hook.body!["id"]).not.toBe(first.body!["id"]); // another author
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["a", "b", "c"]);
  });

  it("forgets a nonce after nonceWindowMs", async () => {
    const server = await useServer({ nonceWindowMs: 50 });
    const channel = server.createChannel();
    const url = `${server.apiUrl}/channels/${channel.id}/messages`;
    await call(url, "POST", server.token, { content: "a", nonce: "n", enforce_nonce: true });
    await new Promise((r) => setTimeout(r, 80));
    await call(url, "POST", server.token, { content: "a", nonce: "n", enforce_nonce: true });
    expect(server.messages(channel.id)).toHaveLength(2);
  });

  it("refuses what Discord refuses: 400/50035 with nested field errors, 50006 for an empty message", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = `${server.apiUrl}/channels/${channel.id}/messages`;
    const tooLong = await call(url, "POST", server.token, {
      content: "x".repeat(2001),
      embeds: [{ title: "t".repeat(257) }],
      nonce: "n".repeat(26),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({
      code: 50035,
      message: "Invalid Form Body",
      errors: {
        content: {
          _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }],
        },
        nonce: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] },
        embeds: { "0": { title: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } },
      },
    });
    const empty = await call(url, "POST", server.token, { content: "  " });
    expect(empty.body).toEqual({ message: "Cannot send an empty message", code: 50006 });
    expect(server.messages(channel.id)).toHaveLength(0);
  });

  it("answers 404/10003 for an unknown channel, 403/50001 for a hidden one, 403/50013 for a read-only one", async () => {
    const server = await useServer();
    const hidden = server.createChannel({ access: "none" });
    const readOnly = server.createChannel({ access: "read" });
    const post = (id: string) =>
      call(`${server.apiUrl}/channels/${id}/messages`, "POST", server.token, { content: "x" });
    expect((await post("123456789012345678")).body).toEqual({
      message: "Unknown Channel",
      code: 10003,
    });
    expect((await post(hidden.id)).body).toEqual({ message: "Missing Access", code: 50001 });
    expect((await post(readOnly.id)).body).toEqual({ message: "Missing Permissions", code: 50013 });
    expect(
      (await call(`${server.apiUrl}/channels/${readOnly.id}`, "GET", server.token)).status,
    ).toBe(200);
  });

  it("parses multipart bodies: payload_json and files", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const form = new FormData();
    form.append(
      "payload_json",
      JSON.stringify({
        content: "with file",
        attachments: [{ id: 0, filename: "a.bin", description: "bytes" }],
      }),
    );
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 13, 10]);
    form.append("files[0]", new Blob([bytes], { type: "application/octet-stream" }), "a.bin");
    const response = await fetch(`${server.apiUrl}/channels/${channel.id}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${server.token}` },
      body: form,
    });
    expect(response.status).toBe(200);
    const [message] = server.messages(channel.id);
    expect(message!.content).toBe("with file");
    expect(message!.attachments).toMatchObject([
      { filename: "a.bin", size: 7, contentType: "application/octet-stream", description: "bytes" },
    ]);
    expect([...message!.attachments[0]!.data]).toEqual([...bytes]);
  });

  it("injects faults by channel and call count, and logs every request", async () => {
    const server = await useServer();
    const a = server.createChannel();
    const b = server.createChannel();
    const rule = server.faults.add({
      channelId: a.id,
      skip: 1,
      times: 2,
      fault: { kind: "error", status: 503 },
    });
    const post = (id: string) =>
      call(`${server.apiUrl}/channels/${id}/messages`, "POST", server.token, {
        content: "x",
        nonce: "abc",
      });
    const statuses = [];
    for (const id of [a.id, b.id, a.id, a.id, a.id]) statuses.push((await post(id)).status);
    expect(statuses).toEqual([200, 200, 503, 503, 200]);
    expect(rule.applied).toBe(2);
    expect(server.requests.map((r) => [r.route, r.channelId, r.status, r.fault, r.nonce])).toEqual([
      ["POST /channels/:id/messages", a.id, 200, null, "abc"],
      ["POST /channels/:id/messages", b.id, 200, null, "abc"],
      ["POST /channels/:id/messages", a.id, 503, "error", "abc"],
      ["POST /channels/:id/messages", a.id, 503, "error", "abc"],
      ["POST /channels/:id/messages", a.id, 200, null, "abc"],
    ]);
  });

  it("drops the socket on a drop fault, after storing the message when asked", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    server.faults.add({ times: 1, fault: { kind: "drop", stage: "after" } });
    await expect(
      call(`${server.apiUrl}/channels/${channel.id}/messages`, "POST", server.token, {
        content: "x",
      }),
    ).rejects.toThrow();
    expect(server.messages(channel.id)).toHaveLength(1);
    expect(server.requests[0]!.status).toBe(0);
  });

  it("serves webhooks: 204 without wait, the message with wait=true, posts into a thread, 404/10015 and 401/50027", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const thread = server.createChannel({ kind: "public-thread", parentId: channel.id });
    const url = server.webhookUrl(channel.id);
    expect(url).toBe(server.webhookUrl(channel.id));
    expect((await call(url, "POST", null, { content: "a" })).status).toBe(204);
    const waited = await call(`${url}?wait=true&thread_id=${thread.id}`, "POST", null, {
      content: "b",
      username: "Hooky",
    });
    expect(waited.body).toMatchObject({
      content: "b",
      channel_id: thread.id,
      author: { username: "Hooky" },
    });
    const [, id, token] = /webhooks\/(\d+)\/(.+)$/.exec(url)!;
    expect(
      (
        await call(`${server.apiUrl}/webhooks/123456789012345678/${token}`, "POST", null, {
          content: "c",
        })
      ).body,
    ).toMatchObject({ code: 10015 });
    expect(
      (await call(`${server.apiUrl}/webhooks/${id}/wrong`, "POST", null, { content: "c" })).body,
    ).toMatchObject({ code: 50027 });
    expect(server.messages(channel.id).map((m) => m.content)).toEqual(["a"]);
    expect(server.messages(thread.id).map((m) => m.webhookId)).toEqual([id]);
  });

  it("records who a message pings: everyone by default, nobody with allowed_mentions parse []", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = `${server.apiUrl}/channels/${channel.id}/messages`;
    const text = "@everyone <@123456789012345678> <@&223456789012345678>";
    await call(url, "POST", server.token, { content: text });
    await call(url, "POST", server.token, { content: text, allowed_mentions: { parse: [] } });
    await call(url, "POST", server.token, {
      content: text,
      allowed_mentions: { parse: [], users: ["123456789012345678"] },
    });
    expect(
      server.messages(channel.id).map((m) => [m.mentionEveryone, m.mentions, m.mentionRoles]),
    ).toEqual([
      [true, ["123456789012345678"], ["223456789012345678"]],
      [false, [], []],
      [false, ["123456789012345678"], []],
    ]);
  });

  it("answers 404 for unknown routes and close() is idempotent", async () => {
    const server = await useServer();
    expect((await call(`${server.apiUrl}/nope`, "GET", server.token)).status).toBe(404);
    expect(
      (await call(`${server.apiUrl.replace("/api", "")}/other`, "GET", server.token)).status,
    ).toBe(404);
    await server.close();
    await server.close();
  });

  it("answers hostile requests with Discord's errors instead of hanging or crashing", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const url = `${server.apiUrl}/channels/${channel.id}/messages`;
    const raw = (body: string, type = "application/json") =>
      fetch(url, {
        method: "POST",
        headers: { authorization: `Bot ${server.token}`, "content-type": type },
        body,
      });
    expect((await raw("{not json")).status).toBe(400);
    expect((await raw("--x\r\nbroken", "multipart/form-data; boundary=x")).status).toBe(400);
    const notObjects = await call(url, "POST", server.token, { content: "x", embeds: [null, 5] });
    expect(notObjects.body).toMatchObject({
      code: 50035,
      errors: { embeds: { "0": { _errors: [{ code: "MODEL_TYPE_CONVERT" }] } } },
    });
    expect(
      (
        await call(`${server.apiUrl}/channels/not-an-id/messages`, "POST", server.token, {
          content: "x",
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(`${server.apiUrl}/channels/${channel.id}/messages`, "DELETE", server.token))
        .status,
    ).toBe(404);
    expect((await call(url, "POST", server.token, [1, 2])).body).toEqual({
      message: "Cannot send an empty message",
      code: 50006,
    });
    expect(server.messages(channel.id)).toHaveLength(0);
  });
});
