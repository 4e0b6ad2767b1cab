// Durable runs per second of @actor/persistence-json through the real runtime, with a no-op actor:
// every run claims its task, writes a `running` record, then settles it (closes the record and saves
// the task state in one journal batch), and each write is on disk before the engine is told it is done.
// Also measures what one fdatasync costs on this disk, for reference.
// Run with `pnpm bench persistence-json`.
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  emptyResult,
  MemoryStatePersistence,
  systemClock,
  type Actor,
  type ActorStore,
} from "@actor/core";
import { JsonStatePersistence } from "@actor/persistence-json";
import { ActorServerBuilder } from "@actor/runtime";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quiet = { info() {}, warn() {}, error() {} };
const noopResult = emptyResult();
/** Where the data directories go: the same file system as the repository (not a tmpfs). */
const base = mkdtempSync(join(process.env["BENCH_DIR"] ?? tmpdir(), "actor-json-bench-"));
/** A tmpfs, where a sync costs nothing: shows what the store itself costs in CPU. */
const shm = existsSync("/dev/shm") ? mkdtempSync(join("/dev/shm", "actor-json-bench-")) : null;

/** fdatasync calls per second on this disk: append 100 bytes, sync, for `ms`. */
function fsyncRate(ms: number): { perSecond: number; micros: number } {
  const path = join(base, "fsync-probe");
  const fd = openSync(path, "a");
  const line = Buffer.alloc(100, 97);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    writeSync(fd, line);
    fdatasyncSync(fd);
    n++;
  }
  const elapsed = performance.now() - t0;
  closeSync(fd);
  return { perSecond: n / (elapsed / 1000), micros: (elapsed * 1000) / n };
}

interface Round {
  runsPerSecond: number;
  batches: number;
  linesPerBatch: number;
  cpuShare: number;
}

const HOUR = 3_600_000;

/**
 * `tasks` hourly interval tasks, each `slotsPerTask` slots behind with misfire policy `run-all`:
 * every task runs its missed slots back to back (one job per task, so no overlap skips),
 * `maxConcurrency` tasks at once. Timed from the end of `start()` to the last run's finish.
 */
async function round(
  makeStore: () => Promise<ActorStore>,
  tasks: number,
  slotsPerTask: number,
  maxConcurrency: number,
): Promise<Round> {
  const store = await makeStore();
  const total = tasks * slotsPerTask;
  let finished = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const actor: Actor = { name: "noop", execute: async () => noopResult };
  const startAt = new Date(Math.floor(Date.now() / HOUR) * HOUR - slotsPerTask * HOUR);
  const build = () => {
    const builder = new ActorServerBuilder()
      .store(store)
      .clock(systemClock)
      .options({ maxConcurrency, retries: 0 });
    for (let i = 0; i < tasks; i++)
      builder.actor(
        actor,
        { type: "interval", seconds: 3_600, startAt, misfire: "run-all", maxCatchUp: slotsPerTask },
        { taskId: `t${i}` },
      );
    return builder.build();
  };
  // Install the tasks (their first slot is the next hour), then move each one back to its anchor.
  const installer = build();
  await installer.start();
  await installer.shutdown();
  await Promise.all(
    (await store.listTasks()).map((state) => store.saveTask({ ...state, nextRun: startAt })),
  );
  const server = build();
  server.on("run:finish", () => {
    if (++finished === total) allDone();
  });
  const stats0 = store instanceof JsonStatePersistence ? store.stats() : null;
  await server.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await done;
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats1 = store instanceof JsonStatePersistence ? store.stats() : null;
  await server.shutdown();
  await store.close();
  const batches = stats0 && stats1 ? stats1.batches - stats0.batches : 0;
  const lines = stats0 && stats1 ? stats1.lines - stats0.lines : 0;
  return {
    runsPerSecond: total / (elapsed / 1000),
    batches: batches / (elapsed / 1000),
    linesPerBatch: batches ? lines / batches : 0,
    cpuShare: (cpu.user + cpu.system) / 1000 / elapsed,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}, data in ${base}\n`);
  const probe = fsyncRate(2_000);
  console.log(
    `**Disk**: ${fmt(probe.perSecond)} fdatasync/s (${fmt(probe.micros, 0)} µs each; 100-byte append + fdatasync, one at a time)\n`,
  );
  let dirs = 0;
  const json = () =>
    JsonStatePersistence.open({ directory: join(base, `store-${dirs++}`), logger: quiet });
  const jsonOnTmpfs = () =>
    JsonStatePersistence.open({ directory: join(shm ?? base, `store-${dirs++}`), logger: quiet });
  const memory = async () => new MemoryStatePersistence();
  const rows: string[] = [];
  const rounds = Number(process.env["BENCH_ROUNDS"] ?? 3);
  const runs = Number(process.env["BENCH_RUNS"] ?? 100_000);
  for (const [label, make, tasks, concurrency] of [
    ["JSON store", json, 100, 100],
    ["JSON store", json, 10_000, 256],
    ["JSON store", json, 10_000, 1024],
    ...(shm
      ? ([["JSON store on tmpfs (sync free: the CPU cost)", jsonOnTmpfs, 10_000, 256]] as const)
      : []),
    ["memory store (not durable, reference)", memory, 10_000, 256],
  ] as const) {
    const results: Round[] = [];
    const slots = Math.max(1, Math.round(runs / tasks));
    for (let r = 0; r < rounds; r++) results.push(await round(make, tasks, slots, concurrency));
    const walls = results.map((x) => x.runsPerSecond);
    const durable = label.startsWith("JSON");
    const perFsync = median(results.map((x) => (x.batches ? x.runsPerSecond / x.batches : 0)));
    rows.push(
      `| ${label} | ${fmt(tasks)} | ${concurrency} | ${rounds} × ${fmt(tasks * slots)} | **${fmt(median(walls))}** | ${fmt(Math.min(...walls))} – ${fmt(Math.max(...walls))} | ${durable ? fmt(median(results.map((x) => x.batches))) : "–"} | ${durable ? fmt(median(results.map((x) => x.linesPerBatch)), 1) : "–"} | ${durable ? fmt(perFsync, 1) : "–"} | ${fmt(median(results.map((x) => x.cpuShare)) * 100)} % |`,
    );
  }
  console.log(
    `**Durable runs/s**: no-op actor through the runtime, each run = claim + \`running\` record (one journal entry) + settle (the record closed and the task state saved: two entries in one batch), each fsynced before it is acknowledged; every task ${fmt(runs)} ÷ tasks slots behind (misfire \`run-all\`), so each runs its slots back to back`,
  );
  console.log();
  console.log(
    "| store | tasks | maxConcurrency | rounds × runs | runs/s (median) | runs/s (lowest – highest) | synced batches/s | entries per batch | runs per sync | CPU (one core = 100 %) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
  clearInterval(keepAlive);
  rmSync(base, { recursive: true, force: true });
  if (shm) rmSync(shm, { recursive: true, force: true });
}

await main();
process.exit(0);
