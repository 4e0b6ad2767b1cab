// Side by side: "post every weekday at 09:00 Europe/Paris" written with node-cron, croner, BullMQ,
// pg-boss, agenda and actor (bench/peers/*.ts), each program run here as a user runs it.
// For each program: its non-blank lines (the `send` import left out), what happens when the cron
// is "0 25 * * 1-5" and when the zone is "Europe/Pariss" (the same program with that one value
// changed), and what is still there after the process is killed and a new one looks.
// Needs Redis on 127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 (trust auth, user root).
// `PEERS=agenda,actor pnpm bench peers` runs only those programs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const peers = join(here, "..", "peers");
const DB = "actor_peers";
const DATABASE_URL = `postgres://root@127.0.0.1:5432/${DB}`;
/** How long a program may take to start or fail (the machine may be busy); it is killed after. */
const WAIT_MS = 30_000;
const require = createRequire(join(here, "..", "package.json"));

interface Peer {
  file: string;
  label: string;
  pkg: string;
  needs: string;
  /** What a new process finds stored after the first one was killed (null: nothing stored). */
  stored?: () => Promise<string | null>;
}

const psql = (sql: string, db = DB) =>
  spawnSync("psql", ["-h", "127.0.0.1", "-U", "root", "-d", db, "-Atc", sql], {
    encoding: "utf8",
  });

const PEERS: Peer[] = [
  { file: "node-cron.ts", label: "node-cron", pkg: "node-cron", needs: "—" },
  { file: "croner.ts", label: "croner", pkg: "croner", needs: "—" },
  {
    file: "bullmq.ts",
    label: "BullMQ",
    pkg: "bullmq",
    needs: "Redis",
    stored: async () => {
      const { Queue } = await import("bullmq");
      const { Redis } = await import("ioredis");
      const connection = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null });
      const queue = new Queue("posts", { connection });
      const schedulers = await queue.getJobSchedulers();
      await queue.close();
      connection.disconnect();
      return schedulers.length === 0
        ? null
        : schedulers
            .map((s) => `${s.pattern} ${s.tz ?? ""}, next ${new Date(s.next ?? 0).toISOString()}`)
            .join("; ");
    },
  },
  {
    file: "pg-boss.ts",
    label: "pg-boss",
    pkg: "pg-boss",
    needs: "PostgreSQL",
    stored: async () => {
      const r = psql("select cron || ' ' || coalesce(options->>'tz', '') from pgboss.schedule");
      return r.status === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : null;
    },
  },
  {
    file: "agenda.ts",
    label: "agenda (PostgreSQL backend)",
    pkg: "agenda",
    needs: "PostgreSQL (or MongoDB, Redis)",
    stored: async () => {
      const r = psql(
        "select repeat_interval || ' ' || coalesce(repeat_timezone, '') || ', next ' || coalesce(to_char(next_run_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI\"Z\"'), 'none') from agenda_jobs",
      );
      return r.status === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : null;
    },
  },
  {
    file: "actor.ts",
    label: "actor (`schedule`)",
    pkg: "@actor/runtime",
    needs: "—",
    stored: async () =>
      existsSync(join(peers, ".actor-state")) ? "task state in ./.actor-state" : null,
  },
];

function versionOf(pkg: string): string {
  try {
    const main = require.resolve(pkg);
    let dir = dirname(main);
    while (
      !existsSync(join(dir, "package.json")) ||
      !readFileSync(join(dir, "package.json"), "utf8").includes(`"name": "${pkg}"`)
    ) {
      const up = dirname(dir);
      if (up === dir) return "?";
      dir = up;
    }
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string;
  } catch {
    return "?";
  }
}

function countLines(source: string): number {
  return source.split("\n").filter((l) => l.trim() !== "" && !l.includes('from "./send.js"'))
    .length;
}

interface Outcome {
  exited: boolean;
  code: number | null;
  output: string;
}

/**
 * Runs one program until it exits, until `ready()` finds its schedule stored, or for WAIT_MS;
 * then kills it if it is still up.
 */
function runProgram(file: string, ready?: () => Promise<string | null>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], {
      cwd: peers,
      env: { ...process.env, DATABASE_URL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let done = false;
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), WAIT_MS);
    const poll = async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 500));
        if (!done && ready && (await ready().catch(() => null)) !== null) {
          await new Promise((r) => setTimeout(r, 1_000)); // let it log what it logs on start
          child.kill("SIGKILL");
          return;
        }
      }
    };
    void poll();
    child.on("exit", (code, signal) => {
      done = true;
      clearTimeout(timer);
      resolve({ exited: signal === null, code, output });
    });
  });
}

/** The error line of a failed program (`Error: ...`, `RangeError: ...`), else its first line. */
function firstError(output: string): string {
  const lines = output.split("\n").map((l) => l.trim());
  const line =
    lines.find((l) => /^[A-Za-z]*(Error|Exception)( \[[^\]]+\])?: /.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    lines.find((l) => l !== "") ??
    "";
  return line.replace(/\|/g, "\\|").slice(0, 160);
}

function resetStores(): void {
  spawnSync("redis-cli", [
    "-h",
    "127.0.0.1",
    "eval",
    "for _,k in ipairs(redis.call('keys','bull:posts:*')) do redis.call('del',k) end",
    "0",
  ]);
  psql(`drop database if exists ${DB} with (force)`, "postgres");
  psql(`create database ${DB}`, "postgres");
  rmSync(join(peers, ".actor-state"), { recursive: true, force: true });
}

async function trial(peer: Peer, variant: "ok" | "bad-cron" | "bad-zone") {
  resetStores();
  let source = readFileSync(join(peers, peer.file), "utf8");
  if (variant === "bad-cron") source = source.replace("0 9 * * 1-5", "0 25 * * 1-5");
  if (variant === "bad-zone") source = source.replace("Europe/Paris", "Europe/Pariss");
  const file = `.trial-${variant}-${peer.file}`;
  writeFileSync(join(peers, file), source);
  try {
    const outcome = await runProgram(file, peer.stored);
    const stored = peer.stored ? await peer.stored() : null;
    return { outcome, stored };
  } finally {
    rmSync(join(peers, file), { force: true });
  }
}

function describeBad(result: { outcome: Outcome; stored: string | null }): string {
  const { outcome, stored } = result;
  if (outcome.exited && outcome.code !== 0)
    return `refused at start: "${firstError(outcome.output)}"`;
  const said = firstError(outcome.output);
  const noise =
    outcome.output.trim() === "" ? "accepted without a word" : `kept running; printed "${said}"`;
  return stored ? `${noise}; stored: ${stored}` : noise;
}

const only = process.env["PEERS"]?.split(",");
const rows: string[][] = [];
for (const peer of PEERS.filter((p) => !only || only.includes(p.file.replace(".ts", "")))) {
  const source = readFileSync(join(peers, peer.file), "utf8");
  const ok = await trial(peer, "ok");
  const badCron = await trial(peer, "bad-cron");
  const badZone = await trial(peer, "bad-zone");
  const started = !(ok.outcome.exited && ok.outcome.code !== 0);
  const restart = !started
    ? `did not start: "${firstError(ok.outcome.output)}"`
    : peer.stored
      ? ((ok.stored && `kept: ${ok.stored}`) ?? "nothing stored") +
        (ok.stored ? "" : " (memory only)")
      : "nothing: in-process only";
  rows.push([
    peer.label,
    versionOf(peer.pkg),
    peer.needs,
    String(countLines(source)),
    describeBad(badCron),
    describeBad(badZone),
    restart,
  ]);
}
resetStores();
psql(`drop database if exists ${DB} with (force)`, "postgres");

const header = [
  "library",
  "version",
  "needs",
  "lines",
  'cron "0 25 * * 1-5"',
  'zone "Europe/Pariss"',
  "after a restart",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
process.exit(0);
