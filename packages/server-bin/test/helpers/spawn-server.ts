import { spawn, type ChildProcess } from "node:child_process";

import { buildTestCli } from "./build-cli.js";

let cli: string | null = null;

/** Builds the CLI bundle for this test file (call in `beforeAll`); `releaseCli` in `afterAll`. */
export async function prepareCli(): Promise<void> {
  cli ??= await buildTestCli();
}

/** Forgets this test file's CLI bundle (shared, and removed once stale by a later build). */
export function releaseCli(): void {
  cli = null;
}

/** One parsed JSON log line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * A running `actor-server` child process with its output collected. Every wait has a deadline, and
 * `stop()` kills whatever is left, so no test can hang or leak a process.
 */
export class ServerChild {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #waiters = new Set<() => void>();

  constructor(args: readonly string[], options: { cwd: string; env?: Record<string, string> }) {
    if (!cli) throw new Error("call prepareCli() in beforeAll first");
    this.child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env["PATH"] ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      this.stdout += d;
      this.#notify();
    });
    this.child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      this.stderr += d;
      this.#notify();
    });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
  }

  /** The JSON log lines printed so far. */
  lines(): LogLine[] {
    return this.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LogLine);
  }

  /** Resolves with the first log line matching `test`; rejects after `timeoutMs` or on exit. */
  async waitFor(
    test: (line: LogLine) => boolean,
    timeoutMs = 20_000,
    what = "a log line",
  ): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines().find(test);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(
          `actor-server exited before ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const done = () => {
          this.#waiters.delete(done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 200);
        this.#waiters.add(done);
      });
    }
  }

  /** The HTTP URL the server logged at start. */
  async httpUrl(): Promise<string> {
    const line = await this.waitFor((l) => l.msg === "actor-server started", 20_000, "start");
    return String(line["http"]);
  }

  /** Sends a signal. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Waits for the exit (killing the process after `timeoutMs`). */
  async exit(timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if it still runs. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runToExit(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
) {
  const child = new ServerChild(args, options);
  const { code } = await child.exit(30_000);
  return { code, stdout: child.stdout, stderr: child.stderr };
}
