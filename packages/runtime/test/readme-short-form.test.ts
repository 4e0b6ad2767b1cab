import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { JsonStatePersistence } from "@actor/persistence-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The README's short-form example, verbatim, run the way a user runs it: a separate Node process
 * with tsx. The process is started at 08:59:48 on a Monday in Paris (its clock is shifted by a
 * preload, the example is untouched), so the 09:00 slot comes due twelve seconds later and the task
 * posts to a webhook served by this test.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));
// Twelve seconds before the slot: room for a slow start on a busy machine (the first sight of a
// cron task after its slot would wait for the next day).
const MONDAY_0859_PARIS = "2026-12-07T07:59:48.000Z";

function readmeShortForm(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const match = /<!-- doc-sample: short-form -->\s*```ts\n([\s\S]*?)\n```/.exec(readme);
  if (!match?.[1]) throw new Error("README.md has no block marked doc-sample: short-form");
  return match[1];
}

interface Hook {
  server: Server;
  url: string;
  bodies: unknown[];
  waitForPosts(count: number, timeoutMs: number): Promise<void>;
}

async function startHook(): Promise<Hook> {
  const bodies: unknown[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      bodies.push({
        method: req.method,
        type: req.headers["content-type"],
        body: JSON.parse(body),
      });
      res.writeHead(204).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/webhook`,
    bodies,
    async waitForPosts(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (bodies.length < count && Date.now() < deadline) {
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
    },
  };
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runExample(dir: string, webhook: string): Run {
  let output = "";
  const child = spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(resolve(root, "packages/runtime/test/support/shifted-clock.mjs")).href,
      "--import",
      pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href,
      join(dir, "bot.ts"),
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        WEBHOOK_URL: webhook,
        ACTOR_TEST_NOW: MONDAY_0859_PARIS,
        TSX_TSCONFIG_PATH: join(dir, "tsconfig.json"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (d: Buffer) => (output += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString("utf8")));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code, signal) => {
      clearTimeout(kill);
      done({ code, signal });
    });
  });
  return { child, output: () => output, exit };
}

describe("the README short-form example, run as a user runs it", () => {
  let dir: string;
  let hook: Hook;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "actor-short-form-"));
    writeFileSync(join(dir, "bot.ts"), readmeShortForm());
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    const paths: Record<string, string[]> = {};
    for (const pkg of readdirSync(join(root, "packages"))) {
      paths[`@actor/${pkg}`] = [join(root, "packages", pkg, "src", "index.ts")];
    }
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { baseUrl: ".", paths, module: "preserve" } }),
    );
    hook = await startHook();
  });

  afterAll(async () => {
    hook?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "posts at 09:00 Paris on a weekday, stops on SIGINT with exit code 0, and a restart finds the state on disk and does not post the slot again",
    { timeout: 90_000 },
    async () => {
      const run = runExample(dir, hook.url);
      await hook.waitForPosts(1, 40_000);
      expect(hook.bodies, run.output()).toEqual([
        { method: "POST", type: "application/json", body: { content: "Good morning!" } },
      ]);
      run.child.kill("SIGINT");
      const exit = await run.exit;
      expect(exit, run.output()).toEqual({ code: 0, signal: null });
      expect(run.output()).toContain("SIGINT: stopping");
      expect(run.output()).toContain("state saved in ./.actor-state");
      expect(run.output()).not.toMatch(/failed|Error/);

      // The same program again, from 08:59:48: the 09:00 slot is already done.
      const again = runExample(dir, hook.url);
      await new Promise((resolve) => setTimeout(resolve, 16_000));
      again.child.kill("SIGINT");
      expect(await again.exit, again.output()).toEqual({ code: 0, signal: null });
      expect(hook.bodies).toHaveLength(1);

      const store = await JsonStatePersistence.open({ directory: join(dir, ".actor-state") });
      try {
        const state = await store.loadTask("morning");
        expect(state?.lastRun?.toISOString()).toBe("2026-12-07T08:00:00.000Z");
        expect(state?.nextRun?.toISOString()).toBe("2026-12-08T08:00:00.000Z");
        const history = await store.history("morning");
        expect(history.map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([
          ["2026-12-07T08:00:00.000Z", "succeeded"],
        ]);
      } finally {
        await store.close();
      }
    },
  );
});
