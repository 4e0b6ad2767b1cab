import {
  startDiscordTestServer,
  type DiscordTestServer,
  type TestChannel,
} from "@actor/discord/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareCli, releaseCli, runToExit, ServerChild } from "./helpers/spawn-server.js";
import { request, workdir } from "./helpers/workdir.js";

const URL_BASE = process.env["ACTOR_TEST_PG_URL"] ?? "postgres://root@127.0.0.1:5432/test";
const SCHEMA = `server_bin_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

function config(discord: DiscordTestServer, channel: TestChannel): string {
  return `
[server]
shutdown_timeout_seconds = 5
lease_ttl_seconds = 5

[persistence]
type = "postgres"
url = "\${TEST_DATABASE_URL}"
schema = "${SCHEMA}"
pool_size = 3

[discord]
token = "${discord.token}"
api_url = "${discord.apiUrl}"

[http]
port = 0

[[actors]]
name = "ticker"
channel_id = "${channel.id}"
[actors.schedule]
type = "interval"
seconds = 1
start_at = 2026-01-01T00:00:00Z
misfire = "skip"
[[actors.skills]]
use = "format"
template = "{{datetime}}"
[[actors.skills]]
use = "post"
`;
}

describe("PostgreSQL: migrate and several instances on one config", () => {
  let discord: DiscordTestServer;
  let channel: TestChannel;
  let work: ReturnType<typeof workdir>;
  const env = { TEST_DATABASE_URL: URL_BASE };

  beforeAll(async () => {
    await prepareCli();
    discord = await startDiscordTestServer({
      nonceWindowMs: 1,
      globalLimit: null,
      bucket: { limit: 1000, windowMs: 1000 },
    });
    channel = discord.createChannel();
    work = workdir();
    work.write("actor_server.toml", config(discord, channel));
  });

  afterAll(async () => {
    const client = new pg.Client({ connectionString: URL_BASE });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.end();
    await discord?.close();
    work?.remove();
    releaseCli();
  });

  it("migrate applies the migrations once, then reports the schema up to date", async () => {
    const first = await runToExit(["migrate"], { cwd: work.dir, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('"msg":"migrations applied"');
    const second = await runToExit(["migrate"], { cwd: work.dir, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('"msg":"the schema is up to date"');
    expect(first.stdout + second.stdout).not.toContain(URL_BASE);
  });

  it("two instances share the work: each slot posted once, /tasks shows the lease holder", async () => {
    const a = new ServerChild(["--instance-id", "instance-a"], { cwd: work.dir, env });
    const b = new ServerChild(["--instance-id", "instance-b"], { cwd: work.dir, env });
    try {
      const [urlA] = await Promise.all([a.httpUrl(), b.httpUrl()]);
      await a.waitFor(() => discord.messages(channel.id).length >= 6, 30_000, "six posts");
      // A run lasts milliseconds, so a lease is seldom caught held; the last runner always shows.
      const holders = new Set<unknown>();
      const lastRunners = new Set<unknown>();
      for (let i = 0; i < 20; i++) {
        const tasks = (await request(`${urlA}/tasks`)).body["tasks"] as Record<string, unknown>[];
        expect(tasks[0]).toHaveProperty("leaseHolder");
        if (tasks[0]!["leaseHolder"] !== null) holders.add(tasks[0]!["leaseHolder"]);
        lastRunners.add(tasks[0]!["lastInstance"]);
      }
      for (const r of lastRunners) expect(["instance-a", "instance-b"]).toContain(r);
      a.signal("SIGTERM");
      b.signal("SIGTERM");
      expect((await a.exit()).code).toBe(0);
      expect((await b.exit()).code).toBe(0);
      for (const h of holders) expect(["instance-a", "instance-b"]).toContain(h);

      const contents = discord.messages(channel.id).map((m) => m.content);
      expect(new Set(contents).size).toBe(contents.length);
      const client = new pg.Client({ connectionString: URL_BASE });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM "${SCHEMA}".post_history WHERE task_id = $1`,
          ["ticker"],
        );
        expect(rows[0].n).toBe(contents.length);
      } finally {
        await client.end();
      }
      const runs = [...a.lines(), ...b.lines()].filter(
        (l) => l.msg === "run finished" && l["status"] === "succeeded",
      );
      expect(new Set(runs.map((r) => r["slot"])).size).toBe(runs.length);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
