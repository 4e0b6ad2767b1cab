import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  startDiscordTestServer,
  type DiscordTestServer,
  type TestChannel,
} from "@actor/discord/testing";
import { JsonStatePersistence } from "@actor/persistence-json";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prepareCli, releaseCli, ServerChild } from "./helpers/spawn-server.js";
import { workdir } from "./helpers/workdir.js";

/**
 * A skill that runs after `post` (so the post is recorded when it starts: it writes `slow.started`)
 * and waits while `slow.flag` exists next to it, honouring the abort signal.
 */
const SLOW_SKILL = `
import { existsSync, writeFileSync } from "node:fs";
export default {
  name: "slow",
  async run(ctx) {
    writeFileSync(new URL("./slow.started", import.meta.url), "");
    const flag = new URL("./slow.flag", import.meta.url);
    while (existsSync(flag) && !ctx.signal.aborted) await new Promise((r) => setTimeout(r, 50));
    ctx.signal.throwIfAborted();
    return { status: "succeeded", output: { waited: true } };
  },
};
`;

function config(discord: DiscordTestServer, channel: TestChannel, shutdownSeconds: number): string {
  return `
[server]
shutdown_timeout_seconds = ${shutdownSeconds}

[persistence]
directory = "state"

[discord]
token = "${discord.token}"
api_url = "${discord.apiUrl}"

[[actors]]
name = "hourly"
channel_id = "${channel.id}"
retries = 0

[actors.schedule]
type = "interval"
seconds = 3600

[[actors.skills]]
use = "format"
template = "once per slot {{datetime}}"

[[actors.skills]]
use = "post"

[[actors.skills]]
module = "./slow.mjs"
`;
}

async function readState(dir: string) {
  const store = await JsonStatePersistence.open({ directory: join(dir, "state") });
  try {
    return {
      task: await store.loadTask("hourly"),
      history: await store.history("hourly", { limit: 100 }),
      posts: await store.posts({ taskId: "hourly" }),
    };
  } finally {
    await store.close();
  }
}

describe("crashes and signals mid-run", () => {
  let discord: DiscordTestServer;
  let channel: TestChannel;
  let work: ReturnType<typeof workdir>;
  const children: ServerChild[] = [];
  const start = () => {
    const child = new ServerChild([], { cwd: work.dir });
    children.push(child);
    return child;
  };
  /** A fresh directory with one actor that posts, then waits in the slow skill while its flag is up. */
  const slowActor = (shutdownSeconds: number) => {
    channel = discord.createChannel();
    work = workdir();
    work.write("actor_server.toml", config(discord, channel, shutdownSeconds));
    work.write("slow.mjs", SLOW_SKILL);
    work.write("slow.flag", "");
  };
  /** Resolves once `server` has posted and gone on to the slow skill. */
  const posted = (server: ServerChild) =>
    server.waitFor(
      () => discord.messages(channel.id).length === 1,
      20_000,
      "the post before the slow skill",
    );

  beforeAll(async () => {
    await prepareCli();
    discord = await startDiscordTestServer({ nonceWindowMs: 1 });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await c.stop();
    work?.remove();
  });
  afterAll(async () => {
    await discord?.close();
    releaseCli();
  });

  it("SIGTERM while a run is in flight: the run completes within the shutdown timeout, state saved, exit 0", async () => {
    slowActor(20);
    const server = start();
    await posted(server);
    server.signal("SIGTERM");
    await server.waitFor((l) => l.msg === "shutting down: letting runs finish", 10_000);
    rmSync(join(work.dir, "slow.flag"));
    expect((await server.exit()).code).toBe(0);
    const { task, history } = await readState(work.dir);
    expect(history.map((r) => r.status)).toEqual(["succeeded"]);
    expect(task?.lastRun?.toISOString()).toBe(history[0]!.scheduledFor.toISOString());
    expect(task?.nextRun?.getTime()).toBe(history[0]!.scheduledFor.getTime() + 3600_000);
  });

  it("SIGTERM with a run that outlasts the shutdown timeout: recorded interrupted, exit 0", async () => {
    slowActor(0.5);
    const server = start();
    await posted(server);
    server.signal("SIGTERM");
    expect((await server.exit()).code).toBe(0);
    const { history } = await readState(work.dir);
    expect(history.map((r) => r.status)).toEqual(["interrupted"]);
    expect(existsSync(join(work.dir, "state"))).toBe(true);
  });

  it("SIGKILL mid-run, then restart: state restored, the run closed as abandoned, the slot not posted twice", async () => {
    slowActor(5);
    const first = start();
    // Killed once the post is recorded (the window between Discord's answer and the record is
    // covered by the nonce, which this loopback server is told not to honour here).
    await first.waitFor(
      () => existsSync(join(work.dir, "slow.started")),
      20_000,
      "the post to be recorded",
    );
    expect(discord.messages(channel.id)).toHaveLength(1);
    first.signal("SIGKILL");
    expect((await first.exit()).signal).toBe("SIGKILL");
    rmSync(join(work.dir, "slow.flag"));

    const second = start();
    await second.waitFor(
      (l) => l.msg === "run finished" && l["task"] === "hourly",
      20_000,
      "the catch-up run",
    );
    second.signal("SIGTERM");
    expect((await second.exit()).code).toBe(0);

    expect(discord.messages(channel.id)).toHaveLength(1);
    const { task, history, posts } = await readState(work.dir);
    const slot = history.at(-1)!.scheduledFor.toISOString();
    expect(history.map((r) => r.status).sort()).toEqual(["abandoned", "succeeded"]);
    expect(new Set(history.map((r) => r.scheduledFor.toISOString()))).toEqual(new Set([slot]));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.idempotencyKey).toBe(`hourly@${slot}`);
    expect(task).toMatchObject({ consecutiveFailures: 0, paused: false });
    expect(task?.lastRun?.toISOString()).toBe(slot);
    const succeeded = history.find((r) => r.status === "succeeded")!;
    expect(JSON.stringify(succeeded.metadata)).toContain('"duplicate":true');
  });
});
