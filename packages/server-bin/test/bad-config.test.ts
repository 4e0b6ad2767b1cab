import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { prepareCli, releaseCli, runToExit } from "./helpers/spawn-server.js";

const BAD = fileURLToPath(new URL("./fixtures/bad/", import.meta.url)).replace(/\/$/, "");

/** Each bad configuration and the exact message `actor-server` prints for it (exit 2). */
const EXPECTED: Record<string, string> = {
  "01-toml-syntax.toml":
    "01-toml-syntax.toml:5: TOML syntax error at column 8: illegal character in key",
  "02-unknown-section.toml":
    '02-unknown-section.toml:5: sever: unknown key "sever"; did you mean "server"?',
  "03-unknown-server-key.toml":
    '03-unknown-server-key.toml:6: server.max_concurency: unknown key "max_concurency"; did you mean "max_concurrency"?',
  "04-unknown-persistence-key.toml":
    '04-unknown-persistence-key.toml:3: persistence.directroy: unknown key "directroy"; did you mean "directory"?',
  "05-unknown-http-key.toml":
    '05-unknown-http-key.toml:7: http.tokn: unknown key "tokn"; did you mean "token"?',
  "06-unknown-discord-key.toml":
    '06-unknown-discord-key.toml:6: discord.bot_token: unknown key "bot_token" (accepted: token, api_url)',
  "07-unknown-alerts-key.toml":
    '07-unknown-alerts-key.toml:6: alerts.webhook: unknown key "webhook" (accepted: webhook_url, discord_channel)',
  "08-unknown-actor-key.toml":
    '08-unknown-actor-key.toml:8: actors[0].chanel_id: unknown key "chanel_id"; did you mean "channel_id"?',
  "09-unknown-schedule-key.toml":
    '09-unknown-schedule-key.toml:12: actors[0].schedule.expresion: unknown key "expresion"; did you mean "expression"?',
  "10-unknown-actor-file-key.toml":
    'actors/unknown-actor-key.toml:3: actor.descripton: unknown key "descripton"; did you mean "description"?',
  "11-wrong-type-string-for-number.toml":
    '11-wrong-type-string-for-number.toml:6: server.max_concurrency: must be a number, got "four"',
  "12-number-too-small.toml":
    "12-number-too-small.toml:6: server.max_concurrency: must be at least 1, got 0",
  "13-port-out-of-range.toml":
    "13-port-out-of-range.toml:6: http.port: must be at most 65535, got 70000",
  "14-bad-cron.toml":
    '14-bad-cron.toml:12: actors[0].schedule.expression: actor "a": cron expression "0 25 * * *": hour 25 is out of range 0-23',
  "15-unknown-schedule-zone.toml":
    '15-unknown-schedule-zone.toml:13: actors[0].schedule.timezone: actor "a": timezone "Mars/Olympus_Mons" is not an IANA time zone (use a name such as "Europe/Rome", "America/New_York" or "UTC")',
  "16-unknown-server-zone.toml":
    '16-unknown-server-zone.toml:6: server.timezone: "Europe/Atlantis" is not an IANA time zone (use a name such as "Europe/Rome", "America/New_York" or "UTC")',
  "17-missing-env-var.toml":
    "17-missing-env-var.toml:6: discord.token: environment variable ACTOR_TEST_UNSET_TOKEN is not set (set it, or write ${ACTOR_TEST_UNSET_TOKEN:-default})",
  "18-malformed-env-reference.toml":
    '18-malformed-env-reference.toml:7: http.token: "${ACTOR TOKEN}" is not a variable reference (write ${NAME} or ${NAME:-default})',
  "19-duplicate-actor-names.toml":
    '19-duplicate-actor-names.toml:11: actors[1].name: actor name "A" is already used by actors[0]; names must be unique (case-insensitively)',
  "20-missing-config-file.toml":
    "20-missing-config-file.toml:7: actors[0].config_file: cannot read actors/does-not-exist.toml (<dir>/actors/does-not-exist.toml): the file does not exist",
  "21-config-file-is-a-directory.toml":
    "21-config-file-is-a-directory.toml:7: actors[0].config_file: cannot read a-directory.toml (<dir>/a-directory.toml): it is a directory, not a file",
  "22-actor-runs-nothing.toml":
    '22-actor-runs-nothing.toml:5: actors[0]: actor "a": say what it runs: config_file = "actors/x.toml", module = "./x.js", or an inline [[actors.skills]] list',
  "23-unknown-schedule-type.toml":
    '23-unknown-schedule-type.toml:11: actors[0].schedule.type: actor "a": type "Weekly" is not a schedule type (accepted: "cron", "interval", "once", "immediate")',
  "24-negative-interval.toml":
    '24-negative-interval.toml:12: actors[0].schedule.seconds: actor "a": seconds -60 must be at least 0.001 (one millisecond)',
  "25-once-without-offset.toml":
    '25-once-without-offset.toml:12: actors[0].schedule.at: actor "a": at "2026-01-01 09:00" is not an ISO 8601 date-time with a UTC offset (write e.g. "2026-03-08T09:00:00Z" or "2026-03-08T09:00:00+01:00")',
  "26-unknown-skill.toml":
    'actors/unknown-skill.toml:2: actor.skills[1]: unknown skill "tweet" (built-in skills: select-content, time-window, rate-limit, format, post; or give module = "./my-skill.js")',
  "27-bad-skill-option.toml":
    'actors/bad-skill-option.toml:5: skills.rate-limit.max_posts_per_day: skill "rate-limit": option "max_posts_per_day" must be an integer >= 1, got 0',
  "28-module-not-found.toml":
    '28-module-not-found.toml:7: actors[0].module: cannot load module "./modules/nope.mjs" (<dir>/modules/nope.mjs): the file does not exist',
  "29-module-exports-nothing.toml":
    '29-module-exports-nothing.toml:7: actors[0].module: module "./modules/exports-nothing.mjs" exports no actor or skill: expected a default export (or one named "actor" or "skill") with a "name" and an "execute(ctx)" or "run(ctx)" function; it exports "answer"',
  "30-json-with-postgres-key.toml":
    '30-json-with-postgres-key.toml:3: persistence.url: "url" belongs to type = "postgres", but this persistence is type = "json"',
  "31-postgres-without-url.toml":
    '31-postgres-without-url.toml:2: persistence.type: type = "postgres" needs a URL: set [persistence] url, DATABASE_URL or --database-url',
  "32-two-destinations.toml":
    '32-two-destinations.toml:9: actors[0].webhook_url: actor "a": give only one destination (found channel_id and webhook_url)',
  "33-channel-id-not-digits.toml":
    '33-channel-id-not-digits.toml:8: actors[0].channel_id: must be a Discord channel id (digits), got "general"',
  "34-actors-not-an-array.toml":
    '34-actors-not-an-array.toml:1: actors: must be an array, got "tips"',
  "35-actor-file-syntax.toml":
    "actors/syntax.toml:1: TOML syntax error at column 7: illegal character in key",
  "36-select-content-without-knowledge.toml":
    'actors/no-knowledge.toml:2: actor.skills[0]: skill "select-content" needs a content queue: set knowledge = ["posts.txt"] or source = { file = "posts.txt" }',
  "37-public-bind-without-token.toml":
    "37-public-bind-without-token.toml:5: http.token: the API binds 0.0.0.0, beyond this machine: set a token (mutations need it)",
  "38-bad-misfire.toml":
    '38-bad-misfire.toml:10: actors[0].misfire: actor "a": misfire "sometimes" is not accepted (accepted: "run-once", "skip", "run-all")',
  "39-alerts-webhook-not-url.toml":
    '39-alerts-webhook-not-url.toml:6: alerts.webhook_url: must be an http(s) URL, got "not a url"',
  "40-actor-name-with-slash.toml":
    '40-actor-name-with-slash.toml:6: actors[0].name: must start with a letter or digit and use only letters, digits, _ . - (it is the task id in URLs), got "news/daily"',
  "41-short-http-token.toml":
    '41-short-http-token.toml:7: http.token: must be at least 16 characters long, got "short"',
};

async function runInProcess(file: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--config", file], {
    env: { PATH: process.env["PATH"] },
    cwd: BAD,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("bad-config corpus", () => {
  beforeAll(prepareCli);
  afterAll(releaseCli);

  it("has at least 30 cases, each with an expected message", async () => {
    const files = (await readdir(BAD)).filter((f) => /^\d+-.*\.toml$/.test(f)).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
  });

  it.each(Object.entries(EXPECTED))(
    "%s: exact message, exit 2, nothing started, no state written",
    async (file, message) => {
      const { code, stdout, stderr } = await runInProcess(file);
      expect(code).toBe(2);
      expect(stderr.replaceAll(BAD, "<dir>")).toBe(
        `actor-server: invalid configuration\n${message}\n`,
      );
      expect(stdout).toBe("");
      expect(existsSync(`${BAD}/state`)).toBe(false);
      expect(existsSync(`${BAD}/.actor-state`)).toBe(false);
    },
  );

  it("the real binary prints the same message and exits 2, with and without --check", async () => {
    for (const [file, args] of [
      ["03-unknown-server-key.toml", []],
      ["14-bad-cron.toml", ["--check"]],
      ["17-missing-env-var.toml", []],
    ] as const) {
      const { code, stdout, stderr } = await runToExit(["--config", file, ...args], { cwd: BAD });
      expect(code).toBe(2);
      expect(stderr).toBe(`actor-server: invalid configuration\n${EXPECTED[file]}\n`);
      expect(stdout).toBe("");
    }
    expect(existsSync(`${BAD}/state`)).toBe(false);
  });
});
