import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../src/index.js";
import { dropSchema, schemaName, TEST_DATABASE_URL, testPool } from "./support/pg.js";

// Three server processes share one schema: 50 interval tasks of 1 s on one grid, each run taking
// 500 ms, leases of 2 s. The process in the middle of runs is SIGKILLed 4 s in; the other two stop cleanly 12 s in.
const TASKS = 50;
const RUN_MS = 500;
const LEASE_TTL_S = 2;
const KILL_AFTER_MS = 4_000;
const STOP_AFTER_MS = 12_000;

const here = fileURLToPath(new URL(".", import.meta.url));
const pool = testPool(2);
const schema = schemaName("processes");

interface Row {
  task_id: string;
  started_at: Date;
  metadata: Record<string, unknown>;
  scheduled_for: Date;
  status: string;
  instance_id: string;
  error_message: string | null;
}

let rows: Row[] = [];
let startAt = 0;
let killedAt = 0;
let readyAt = 0;
let victim = "";
let victimLeases = 0;
/** The tasks whose lease the killed process held when it died. */
let victimTasks = new Set<string>();
let stoppedAt = 0;
const stderr: string[] = [];
const buildDir = mkdtempSync(join(tmpdir(), "actor-pg-workers-"));
const workerJs = join(buildDir, "worker.mjs");

/**
 * Bundles the worker (with the runtime's sources) into one file, so three processes start in
 * about a second instead of each compiling TypeScript.
 */
async function bundleWorker(): Promise<void> {
  await build({
    entryPoints: [`${here}fixtures/worker.ts`],
    tsconfig: `${here}fixtures/tsconfig.json`,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: workerJs,
    external: ["pg-native"],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
}

interface Worker {
  id: string;
  child: ChildProcess;
  loaded: Promise<void>;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function worker(id: string): Worker {
  const child = spawn(
    process.execPath,
    [workerJs, TEST_DATABASE_URL, schema, id, String(TASKS), String(RUN_MS), String(LEASE_TTL_S)],
    { stdio: "pipe" },
  );
  child.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
  const printed = (word: string) =>
    new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes(word) && resolve());
      child.once("exit", (code) => reject(new Error(`${id} exited (${code}): ${stderr.join("")}`)));
    });
  const loaded = printed("loaded");
  const ready = printed("ready");
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { id, child, loaded, ready, exited };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

beforeAll(async () => {
  const { error } = await migrateToLatest({ pool, schema });
  if (error) throw error;
  await bundleWorker();
  const workers = ["w0", "w1", "w2"].map(worker);
  try {
    await Promise.all(workers.map((w) => w.loaded));
    // The grid starts once every process is connected, so start-up time is not taken for lateness.
    startAt = Math.ceil((Date.now() + 1_500) / 1000) * 1000;
    for (const w of workers) w.child.stdin!.write(`${new Date(startAt).toISOString()}\n`);
    await Promise.all(workers.map((w) => w.ready));
    readyAt = Date.now();
    // Mid-run of a slot, kill the process holding the most leases (the one running that slot).
    await sleepUntil(startAt + KILL_AFTER_MS + RUN_MS / 2);
    // The victim: a process in the middle of runs (it has `running` records), found within the slot.
    for (let i = 0; i < 40 && !victim; i++) {
      const { rows: busy } = await pool.query<{ instance_id: string }>(
        `SELECT instance_id FROM "${schema}".actor_server_executions WHERE status = 'running'
         GROUP BY instance_id ORDER BY count(*) DESC LIMIT 1`,
      );
      victim = busy[0]?.instance_id ?? "";
      if (!victim) await new Promise((r) => setTimeout(r, 30));
    }
    victim ||= "w0";
    const { rows: leased } = await pool.query<{ task_id: string }>(
      `SELECT task_id FROM "${schema}".actor_server_state WHERE lease_owner = $1`,
      [victim],
    );
    victimTasks = new Set(leased.map((r) => r.task_id));
    victimLeases = victimTasks.size;
    const doomed = workers.find((w) => w.id === victim)!;
    doomed.child.kill("SIGKILL");
    killedAt = Date.now();
    await sleepUntil(startAt + STOP_AFTER_MS);
    const survivors = workers.filter((w) => w !== doomed);
    for (const w of survivors) w.child.kill("SIGTERM");
    stoppedAt = Date.now();
    const codes = await Promise.all(survivors.map((w) => w.exited));
    expect(codes).toEqual([0, 0]);
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  }
  const result = await pool.query<Row>(
    `SELECT task_id, scheduled_for, started_at, status, instance_id, metadata, error_message FROM "${schema}".actor_server_executions`,
  );
  rows = result.rows;
}, 60_000);

afterAll(async () => {
  if (process.env["ACTOR_DEBUG_PROCESSES"]) {
    const summary = new Map<string, number>();
    for (const r of rows) {
      const k = `${slotIndex(r.scheduled_for)} ${r.instance_id} ${r.status} ${JSON.stringify(r.metadata)} ${r.started_at.getTime() - r.scheduled_for.getTime()}`;
      summary.set(k, (summary.get(k) ?? 0) + 1);
    }
    console.log([...summary].sort().join("\n"), {
      victim,
      killedAt: killedAt - startAt,
      readyAt: readyAt - startAt,
      stderr,
    });
  }
  rmSync(buildDir, { recursive: true, force: true });
  await dropSchema(pool, schema);
  await pool.end();
});

/** Whole seconds after startAt of a slot. */
const slotIndex = (d: Date) => Math.round((d.getTime() - startAt) / 1000);

describe("three server processes on one schema, one SIGKILLed", () => {
  it("no slot of any task ran twice (at most one record per slot that is not skipped or abandoned)", () => {
    expect(rows.length).toBeGreaterThan(TASKS * 5);
    const counts = new Map<string, string[]>();
    for (const r of rows) {
      if (r.status === "skipped" || r.status === "abandoned") continue;
      const key = `${r.task_id}@${slotIndex(r.scheduled_for)}`;
      counts.set(key, [...(counts.get(key) ?? []), `${r.instance_id}:${r.status}`]);
    }
    const twice = [...counts].filter(([, who]) => who.length > 1);
    expect(twice).toEqual([]);
  });

  it("the killed process held leases when it died, and after they expired the survivors ran every task", () => {
    expect(victimLeases).toBeGreaterThan(0);
    const takeoverFrom = killedAt + (LEASE_TTL_S + 1) * 1000;
    const after = rows.filter(
      (r) => r.status === "succeeded" && r.scheduled_for.getTime() >= takeoverFrom,
    );
    expect(after.every((r) => r.instance_id !== victim)).toBe(true);
    expect(new Set(after.map((r) => r.task_id)).size).toBe(TASKS);
  });

  it("no slot was lost: each has a run or a recorded skip, except slots of tasks the killed process held until its lease expired", () => {
    // Tasks the killed process held when it died: their lease stayed taken for the TTL.
    const held = victimTasks;
    const last = slotIndex(new Date(stoppedAt)) - 2;
    const windowFrom = slotIndex(new Date(killedAt)) - 1;
    const windowTo = slotIndex(new Date(killedAt)) + LEASE_TTL_S + 2;
    // A slot that came due while the task's previous run was still going (a loaded machine) is
    // recorded `skipped` (overlap): accounted for, not lost.
    const ran = new Set(
      rows
        .filter((r) => r.status === "succeeded" || r.status === "skipped")
        .map((r) => `${r.task_id}@${slotIndex(r.scheduled_for)}`),
    );
    const succeeded = rows.filter((r) => r.status === "succeeded").length;
    const missing: string[] = [];
    for (let t = 0; t < TASKS; t++) {
      const taskId = `task-${String(t).padStart(2, "0")}`;
      for (let slot = 0; slot <= last; slot++) {
        if (held.has(taskId) && slot >= windowFrom && slot <= windowTo) continue;
        if (!ran.has(`${taskId}@${slot}`)) missing.push(`${taskId}@${slot}`);
      }
    }
    const detail = missing
      .map((slot) => slot.split("@")[0]!)
      .flatMap((taskId) =>
        rows
          .filter((r) => r.task_id === taskId)
          .map(
            (r) =>
              `${r.task_id}@${slotIndex(r.scheduled_for)} ${r.status} on ${r.instance_id} at +${r.started_at.getTime() - startAt} ms ${JSON.stringify(r.metadata)} ${r.error_message ?? ""}`,
          ),
      )
      .join("\n");
    expect(
      missing,
      `records of the tasks with a missing slot:\n${detail}\nworkers' errors:\n${stderr.join("")}`,
    ).toEqual([]);
    // Most slots really ran (skips only where the machine fell behind).
    expect(succeeded).toBeGreaterThan(TASKS * (last + 1) * 0.6);
  });

  it("the killed process's unfinished runs are closed `abandoned` by a survivor, which then runs their tasks", () => {
    const dead = rows.filter(
      (r) => r.instance_id === victim && (r.status === "running" || r.status === "abandoned"),
    );
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.filter((r) => r.status === "running")).toEqual([]);
    // Whether the abandoned slot itself runs again or the task goes on from a later slot depends on
    // when the sweep closes it; either way a survivor runs the task from that slot on.
    const notTakenOver = dead.filter(
      (d) =>
        !rows.some(
          (r) =>
            r.task_id === d.task_id &&
            r.instance_id !== victim &&
            r.status === "succeeded" &&
            r.scheduled_for.getTime() >= d.scheduled_for.getTime(),
        ),
    );
    expect(notTakenOver).toEqual([]);
  });
});
