import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startDiscordTestServer,
  type DiscordTestServer,
  type TestChannel,
} from "@actor/discord/testing";
import { JsonStatePersistence } from "@actor/persistence-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareCli, releaseCli, ServerChild } from "./helpers/spawn-server.js";
import { parsePrometheus, sampleValue } from "./helpers/prometheus.js";
import { request, workdir } from "./helpers/workdir.js";

const TOKEN = "test-api-token-0123456789";

function serverToml(discord: DiscordTestServer, channel: TestChannel, extraActors = ""): string {
  return `
[server]
shutdown_timeout_seconds = 5
log_level = "debug"

[persistence]
type = "json"
directory = "state"

[discord]
token = "\${TEST_DISCORD_TOKEN}"
api_url = "${discord.apiUrl}"

[http]
port = 0
token = "${TOKEN}"

[[actors]]
name = "ticker"
channel_id = "${channel.id}"

[actors.schedule]
type = "interval"
seconds = 1

[[actors.skills]]
use = "format"
template = "tick {{datetime}}"

[[actors.skills]]
use = "post"
${extraActors}`;
}

describe("a running actor-server (interval actor, loopback Discord, HTTP API)", () => {
  let discord: DiscordTestServer;
  let channel: TestChannel;
  let work: ReturnType<typeof workdir>;
  let server: ServerChild;
  let url: string;

  beforeAll(async () => {
    await prepareCli();
    discord = await startDiscordTestServer({ nonceWindowMs: 1 });
    channel = discord.createChannel();
    work = workdir();
    work.write("actor_server.toml", serverToml(discord, channel));
    server = new ServerChild([], { cwd: work.dir, env: { TEST_DISCORD_TOKEN: discord.token } });
    url = await server.httpUrl();
  });

  afterAll(async () => {
    await server?.stop();
    await discord?.close();
    work?.remove();
    releaseCli();
  });

  it("posts on schedule to Discord through the real REST client", async () => {
    await server.waitFor(() => discord.messages(channel.id).length >= 2, 20_000, "two posts");
    const messages = discord.messages(channel.id);
    for (const m of messages) expect(m.content).toMatch(/^tick \d{4}-\d{2}-\d{2}T/);
    expect(new Set(messages.map((m) => m.content)).size).toBe(messages.length);
    const finished = server
      .lines()
      .filter((l) => l.msg === "run finished" && l["task"] === "ticker");
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(finished[0]).toMatchObject({ status: "succeeded", attempt: 1, trigger: "schedule" });
    expect(typeof finished[0]!["durationMs"]).toBe("number");
    expect(server.stdout).not.toContain(discord.token);
  });

  it("answers health, readiness and the dashboard without a token", async () => {
    expect(await request(`${url}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await request(`${url}/ready`)).toMatchObject({ status: 200, body: { ready: true } });
    const page = await request(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<title>actor-server</title>");
  });

  it("requires the bearer token for mutations: none → 401, wrong → 401, right → 200", async () => {
    const none = await request(`${url}/tasks/ticker/pause`, { method: "POST" });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: "missing or wrong bearer token (Authorization: Bearer <token>)",
    });
    const wrong = await request(`${url}/tasks/ticker/pause`, {
      method: "POST",
      token: `${TOKEN}x`,
    });
    expect(wrong.status).toBe(401);
    const right = await request(`${url}/tasks/ticker/pause`, { method: "POST", token: TOKEN });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ taskId: "ticker", paused: true, pauseReason: "manual" });
    const status = await request(`${url}/tasks/ticker`);
    expect(status.body).toMatchObject({ paused: true, schedule: "every second" });
  });

  it("answers JSON 404 for unknown tasks and routes, 400 for bad history queries, never a stack", async () => {
    const unknown = await request(`${url}/tasks/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "not-found" });
    expect(
      (await request(`${url}/tasks/nope/trigger`, { method: "POST", token: TOKEN })).status,
    ).toBe(404);
    expect((await request(`${url}/nothing-here`)).status).toBe(404);
    const badLimit = await request(`${url}/tasks/ticker/history?limit=-3`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toEqual({
      error: 'limit must be a whole number from 1 to 1000, got "-3"',
      code: "validation",
    });
    expect((await request(`${url}/tasks/ticker/history?before=yesterday`)).status).toBe(400);
    expect((await request(`${url}/tasks`, { method: "POST", token: TOKEN })).status).toBe(405);
    for (const r of [unknown, badLimit]) expect(r.text).not.toMatch(/\n\s+at /);
  });

  it("serves Prometheus text whose counters match the recorded executions", async () => {
    // ticker is paused (previous test): wait until no run is in flight, then compare.
    await server.waitFor(() => true, 100);
    let task = await request(`${url}/tasks/ticker`);
    for (let i = 0; i < 50 && task.body["running"]; i++)
      task = await request(`${url}/tasks/ticker`);
    const history = await request(`${url}/tasks/ticker/history?limit=1000`);
    const executions = history.body["executions"] as { status: string }[];
    const metrics = await request(`${url}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const samples = parsePrometheus(metrics.text);
    const succeeded = executions.filter((e) => e.status === "succeeded").length;
    expect(succeeded).toBeGreaterThanOrEqual(2);
    expect(
      sampleValue(samples, "actor_executions_total", { actor: "ticker", status: "succeeded" }),
    ).toBe(succeeded);
    expect(
      sampleValue(samples, "actor_execution_duration_seconds_count", { actor: "ticker" }),
    ).toBe(executions.filter((e) => e.status !== "skipped" && e.status !== "running").length);
    expect(sampleValue(samples, "actor_posts_total", { platform: "discord" })).toBe(
      discord.messages(channel.id).length,
    );
    expect(sampleValue(samples, "actor_tasks_paused")).toBe(1);
    expect(sampleValue(samples, "actor_tasks_scheduled")).toBe(0);
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("GET /tasks lists each task with its lease holder", async () => {
    const list = await request(`${url}/tasks`);
    const tasks = list.body["tasks"] as Record<string, unknown>[];
    expect(tasks.map((t) => t["taskId"])).toEqual(["ticker"]);
    expect(tasks[0]).toHaveProperty("leaseHolder");
    expect(tasks[0]!["lastInstance"]).toBe(list.body["instanceId"]);
  });

  it("a reload with a broken config keeps the running one and says why (POST /reload and SIGHUP)", async () => {
    const file = join(work.dir, "actor_server.toml");
    writeFileSync(file, serverToml(discord, channel).replace("seconds = 1", "seconds = -1"));
    const broken = await request(`${url}/reload`, { method: "POST", token: TOKEN });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({
      reloaded: false,
      error:
        'actor_server.toml:24: actors[0].schedule.seconds: actor "ticker": seconds -1 must be at least 0.001 (one millisecond)',
    });
    server.signal("SIGHUP");
    const failures = () =>
      server.lines().filter((l) => l.msg === "reload failed; the running configuration is kept");
    await server.waitFor(() => failures().length >= 2, 10_000, "the SIGHUP reload to fail");
    expect(failures()[1]!["error"]).toBe(broken.body["error"]);
    expect((await request(`${url}/tasks/ticker`)).body).toMatchObject({
      schedule: "every second",
      active: true,
    });

    writeFileSync(
      file,
      serverToml(
        discord,
        channel,
        `
[[actors]]
name = "hourly"
channel_id = "${channel.id}"
[actors.schedule]
type = "cron"
expression = "0 * * * *"
[[actors.skills]]
use = "format"
template = "hourly"
[[actors.skills]]
use = "post"
`,
      ),
    );
    const fixed = await request(`${url}/reload`, { method: "POST", token: TOKEN });
    expect(fixed).toMatchObject({ status: 200, body: { reloaded: true, tasks: 2 } });
    const tasks = (await request(`${url}/tasks`)).body["tasks"] as Record<string, unknown>[];
    expect(tasks.map((t) => t["taskId"])).toEqual(["hourly", "ticker"]);
    expect(tasks[1]).toMatchObject({ paused: true });
  });

  it("SIGTERM shuts down gracefully: exit 0, state saved", async () => {
    server.signal("SIGTERM");
    const { code } = await server.exit();
    expect(code).toBe(0);
    expect(server.lines().at(-1)?.msg).toBe("actor-server stopped; state saved");
    expect(existsSync(join(work.dir, "state"))).toBe(true);
    const store = await JsonStatePersistence.open({ directory: join(work.dir, "state") });
    try {
      const ticker = await store.loadTask("ticker");
      expect(ticker).toMatchObject({ paused: true, pauseReason: "manual" });
      const history = await store.history("ticker", { limit: 1000 });
      expect(history.filter((r) => r.status === "running")).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
