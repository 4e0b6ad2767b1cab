import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReport, createRedactor, loadConfig, runCli } from "../src/index.js";
import { prepareCli, releaseCli, runToExit } from "./helpers/spawn-server.js";
import { workdir } from "./helpers/workdir.js";

const ORIGINAL = fileURLToPath(new URL("./fixtures/original/", import.meta.url));
const EXAMPLES = fileURLToPath(new URL("../../../examples/server/", import.meta.url));
const NOW = new Date("2026-03-06T08:00:00Z");

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env,
    cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("actor-server --check and the configuration layers", () => {
  beforeAll(prepareCli);
  afterAll(releaseCli);

  it("the original server's actor_server.toml loads unchanged and its plan is printed", async () => {
    const config = await loadConfig({ file: "actor_server.toml", cwd: ORIGINAL, env: {} });
    const report = checkReport(
      { ...config, server: { ...config.server, instanceId: "test" } },
      NOW,
    );
    expect(report).toBe(`actor_server.toml: configuration is valid
  persistence: json, ${ORIGINAL}.actor-state
  poster:      console (no Discord token: posts are printed)
  http:        off
  instance:    test

2 tasks (2 enabled):

daily_poster
  schedule:    at 09:00 in UTC
  destination: channel 1234567890
  next runs:
    2026-03-06T09:00:00.000Z
    2026-03-07T09:00:00.000Z
    2026-03-08T09:00:00.000Z
    2026-03-09T09:00:00.000Z
    2026-03-10T09:00:00.000Z

hourly_trends
  schedule:    every hour
  destination: channel 0987654321
  next runs:
    2026-03-06T08:00:00.000Z
    2026-03-06T09:00:00.000Z
    2026-03-06T10:00:00.000Z
    2026-03-06T11:00:00.000Z
    2026-03-06T12:00:00.000Z
`);
    expect(config.server).toMatchObject({ maxTimerStepSeconds: 60, maxConsecutiveFailures: 5 });
    expect(config.actors.map((a) => a.actor.name)).toEqual(["daily_poster", "hourly_trends"]);
    expect(existsSync(`${ORIGINAL}.actor-state`)).toBe(false);
  });

  it("the real binary checks the example: every task, its schedule in words, five next runs, exit 0", async () => {
    const { code, stdout, stderr } = await runToExit(["--check"], { cwd: EXAMPLES });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("actor_server.toml: configuration is valid");
    for (const words of [
      "every 10 seconds",
      "every minute in UTC",
      "once at 2026-01-01T00:00:00.000Z",
      "every 30 seconds",
    ])
      expect(stdout).toContain(`schedule:    ${words}`);
    const tips = stdout.slice(stdout.indexOf("\ntips\n"), stdout.indexOf("\nquotes\n"));
    expect(tips.match(/^ {4}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/gm)).toHaveLength(5);
    expect(stdout).not.toContain("change-me-example-token");
  });

  it("layers defaults ← file ← env ← flags", async () => {
    const work = workdir();
    try {
      work.write(
        "a.toml",
        `[server]\ninstance_id = "from-file"\n[discord]\ntoken = "\${FILE_TOKEN:-file-token}"\n[persistence]\ntype = "postgres"\nurl = "postgres://u:p@h/file"\n`,
      );
      const file = await loadConfig({ file: "a.toml", cwd: work.dir, env: {} });
      expect(file.discord.token).toBe("file-token");
      expect(file.server.instanceId).toBe("from-file");
      expect(file.persistence).toEqual({
        type: "postgres",
        url: "postgres://u:p@h/file",
        schema: "actor",
        poolSize: 10,
      });
      const env = await loadConfig({
        file: "a.toml",
        cwd: work.dir,
        env: {
          FILE_TOKEN: "expanded",
          DISCORD_TOKEN: "env-token",
          DATABASE_URL: "postgres://h/env",
          ACTOR_INSTANCE_ID: "from-env",
        },
      });
      expect(env.discord.token).toBe("env-token");
      expect(env.server.instanceId).toBe("from-env");
      expect(env.persistence).toMatchObject({ url: "postgres://h/env" });
      const flags = await loadConfig({
        file: "a.toml",
        cwd: work.dir,
        env: { DISCORD_TOKEN: "env-token", DATABASE_URL: "postgres://h/env" },
        flags: {
          discordToken: "flag-token",
          databaseUrl: "postgres://h/flag",
          instanceId: "from-flag",
        },
      });
      expect(flags.discord.token).toBe("flag-token");
      expect(flags.persistence).toMatchObject({ url: "postgres://h/flag" });
      expect(flags.server.instanceId).toBe("from-flag");
      expect(flags.secrets).toEqual(expect.arrayContaining(["flag-token"]));

      work.write(
        "b.toml",
        '[[actors]]\nname = "x"\ndestination = "#x"\n[[actors.skills]]\nuse = "format"\ntemplate = "hi"\n',
      );
      const defaults = await loadConfig({ file: "b.toml", cwd: work.dir, env: {} });
      expect(defaults.persistence).toEqual({ type: "json", directory: `${work.dir}/.actor-state` });
      expect(defaults.http).toBeNull();
      expect(defaults.actors[0]!.schedule).toEqual({ type: "interval", seconds: 3600 });
      expect(defaults.server.instanceId).toBe(
        `${(await import("node:os")).hostname()}-${process.pid}`,
      );
    } finally {
      work.remove();
    }
  });

  it("--help, --version and usage errors (exit 0, 0, 2)", async () => {
    const help = await cli(["--help"], ORIGINAL);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:");
    const version = await cli(["--version"], ORIGINAL);
    expect(version).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^actor-server \d+\.\d+\.\d+\n$/),
    });
    expect(await cli(["--frobnicate"], ORIGINAL)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--frobnicate'"),
    });
    expect(await cli(["--check", "--once"], ORIGINAL)).toMatchObject({
      code: 2,
      stderr: "actor-server: --check and --once cannot be combined\n",
    });
    expect(await cli(["serve"], ORIGINAL)).toMatchObject({ code: 2 });
    expect(await cli(["--config", "missing.toml"], ORIGINAL)).toMatchObject({
      code: 2,
      stderr: `actor-server: invalid configuration\nmissing.toml: cannot read ${ORIGINAL}missing.toml: the file does not exist\n`,
    });
  });

  it("redacts tokens, webhook tokens and database passwords wherever they appear", () => {
    const redact = createRedactor(["bot-token-123456"]);
    expect(redact("auth bot-token-123456 failed")).toBe("auth [redacted] failed");
    expect(redact("cannot reach postgres://bob:s3cret@db:5432/x")).toBe(
      "cannot reach postgres://bob:***@db:5432/x",
    );
    expect(
      redact("POST https://discord.com/api/webhooks/123456789012345678/abcDEF-123 failed"),
    ).toBe("POST https://discord.com/api/webhooks/123456789012345678/[redacted] failed");
  });

  it("an unreachable database is a runtime failure (exit 1) whose message holds no password", async () => {
    const work = workdir();
    try {
      work.write(
        "pg.toml",
        '[persistence]\ntype = "postgres"\nurl = "postgres://bob:sekret-pw@127.0.0.1:1/db"\n',
      );
      const { code, stdout, stderr } = await runToExit(["--config", "pg.toml"], { cwd: work.dir });
      expect(code).toBe(1);
      expect(stdout).toContain("actor-server could not start");
      expect(stdout).toContain("ECONNREFUSED");
      expect(stdout + stderr).not.toContain("sekret-pw");
    } finally {
      work.remove();
    }
  });
});
