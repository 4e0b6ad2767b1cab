import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packages = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Bundles the crash fixture (and the sources of the packages it uses) into one ESM file, so each
 * of the many server processes starts in a fraction of a second with plain `node`.
 */
export async function bundleFixture(outfile: string): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL("../fixtures/crash-server.ts", import.meta.url))],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    alias: Object.fromEntries(
      ["core", "schedule", "runtime"].map((p) => [`@actor/${p}`, `${packages}${p}/src/index.ts`]),
    ),
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

/** A running fixture process. */
export interface ServerProcess {
  child: ChildProcess;
  /** Resolves when the server has started (recovery done); rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  stderr: () => string;
  /** With `waitForGo`: lets the process open the directory. */
  go: () => void;
}

/**
 * Starts the fixture on `dir`, logging to `log`. With `waitForGo` the process loads and then waits
 * for {@link ServerProcess.go} before it touches the directory (node's own start-up, a large share
 * of a restart on a busy machine, can then overlap the previous process's run).
 */
export function startServer(
  bundle: string,
  dir: string,
  log: string,
  env: Record<string, string> = {},
  waitForGo = false,
): ServerProcess {
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, DIR: dir, LOG: log, ...env, ...(waitForGo ? { WAIT_GO: "1" } : {}) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`the server exited (${code}) before it was ready:\n${err}`)),
    );
  });
  ready.catch(() => {});
  const go = () => void child.stdin!.write("go\n");
  return { child, ready, exited, stderr: () => err, go };
}

/** Kills with SIGKILL and waits for the process to be gone. */
export async function kill(server: ServerProcess): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
}

/** What the fixture's log says happened, across every process that wrote to it. */
export interface CrashLog {
  /** Acknowledged starts: execution id → `taskId@slotMs`. */
  started: Map<string, string>;
  /** Ids of acknowledged starts whose record was `running` (not a recorded skip). */
  runs: Set<string>;
  /** Acknowledged finishes: execution id → status. */
  finished: Map<string, string>;
  /** Acknowledged post records. */
  posted: Set<string>;
  /** The highest acknowledged version of each task, and the lastRun it carried. */
  saved: Map<string, { version: number; lastRun: number }>;
  /** Sends that came after the key's post record was acknowledged (must be none). */
  sendsAfterRecord: string[];
  /**
   * Runs of a slot begun after a run of it had been acknowledged `succeeded`, and whether the
   * task's state saved after that success (lastRun ≥ slot) had been acknowledged by then.
   */
  reruns: { slot: string; afterAckedState: boolean }[];
  /** Server starts. */
  starts: number;
  /** The last run begun (`taskId@slotMs`). */
  lastRun: string | null;
}

/** Reads the fixture log. */
export async function readCrashLog(path: string): Promise<CrashLog> {
  const out: CrashLog = {
    started: new Map(),
    runs: new Set(),
    finished: new Map(),
    posted: new Set(),
    saved: new Map(),
    sendsAfterRecord: [],
    reruns: [],
    starts: 0,
    lastRun: null,
  };
  const succeededSlots = new Set<string>();
  const slotOf = new Map<string, string>();
  const text = await readFile(path, "utf8");
  for (const line of text.split("\n")) {
    const [kind, a, b, c, d] = line.split(" ");
    switch (kind) {
      case "R":
        out.starts++;
        break;
      case "S":
        out.started.set(a!, `${b}@${c}`);
        if (d === "running") out.runs.add(a!);
        slotOf.set(a!, `${b}@${c}`);
        break;
      case "F":
        out.finished.set(a!, b!);
        if (b === "succeeded") succeededSlots.add(`${c}@${d}`);
        break;
      case "P":
        out.posted.add(a!);
        break;
      case "SEND":
        if (out.posted.has(a!)) out.sendsAfterRecord.push(a!);
        break;
      case "T": {
        const lastRun = b === undefined || c === "none" ? Number.NEGATIVE_INFINITY : Number(c);
        const held = out.saved.get(a!);
        if (!held || Number(b) > held.version) out.saved.set(a!, { version: Number(b), lastRun });
        break;
      }
      case "X": {
        const slot = `${a}@${b}`;
        out.lastRun = slot;
        if (succeededSlots.has(slot)) {
          const state = out.saved.get(a!);
          out.reruns.push({ slot, afterAckedState: !!state && state.lastRun >= Number(b) });
        }
        break;
      }
    }
  }
  return out;
}
