import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareCli, releaseCli, ServerChild } from "./helpers/spawn-server.js";
import { request, workdir } from "./helpers/workdir.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const TOKEN = "dashboard-token-0123456789";
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env["CI"] || process.env["ACTOR_REQUIRE_CHROMIUM"])
    throw new Error(
      `Chromium is required in CI but ${CHROMIUM} is missing (.ci/run installs Debian's chromium)`,
    );
  console.warn(
    `\n[dashboard test] SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`,
  );
}

describe.skipIf(!available)("the dashboard in headless Chromium", () => {
  let work: ReturnType<typeof workdir>;
  let server: ServerChild;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    await prepareCli();
    work = workdir();
    work.write(
      "actor_server.toml",
      `
[persistence]
directory = "state"

[http]
port = 0
token = "${TOKEN}"

[[actors]]
name = "daily-tip"
destination = "#tips"
[actors.schedule]
type = "cron"
expression = "30 9 * * 1-5"
timezone = "Europe/Paris"
[[actors.skills]]
use = "format"
template = "tip"
[[actors.skills]]
use = "post"

[[actors]]
name = "ping"
destination = "#ping"
[actors.schedule]
type = "immediate"
[[actors.skills]]
use = "format"
template = "ping"
[[actors.skills]]
use = "post"
`,
    );
    server = new ServerChild([], { cwd: work.dir });
    url = await server.httpUrl();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    work?.remove();
    releaseCli();
  });

  it("shows every task with its schedule in words and recent runs; pause with the token pauses it", async () => {
    await server.waitFor((l) => l.msg === "run finished" && l["task"] === "ping", 20_000);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    const row = page.locator('tr[data-task="daily-tip"]');
    await row.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => row.textContent())
      .toContain("at 09:30 on Monday–Friday in Europe/Paris");
    expect(await row.locator("[data-state]").getAttribute("data-state")).toBe("scheduled");
    expect(await page.locator("tbody").textContent()).toContain("succeeded");

    // Without the token the API refuses, and the page says so.
    await row.locator('button[data-action="pause"]').click();
    await expect
      .poll(() => page.locator("#message").textContent())
      .toContain("missing or wrong bearer token");
    expect((await request(`${url}/tasks/daily-tip`)).body).toMatchObject({ paused: false });

    await page.fill("#token", TOKEN);
    await row.locator('button[data-action="pause"]').click();
    await expect
      .poll(async () => (await request(`${url}/tasks/daily-tip`)).body["paused"], {
        timeout: 10_000,
      })
      .toBe(true);
    await expect.poll(() => row.locator("[data-state]").getAttribute("data-state")).toBe("paused");
    await expect.poll(() => row.locator("[data-state]").textContent()).toBe("paused (manual)");
    expect(errors).toEqual([]);
  });
});
