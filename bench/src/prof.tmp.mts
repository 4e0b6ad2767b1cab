import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { emptyResult, MemoryStatePersistence, systemClock, type Actor, type ActorStore } from "@actor/core";
import { JsonStatePersistence } from "@actor/persistence-json";
import { ActorServerBuilder } from "@actor/runtime";
const HOUR = 3_600_000; const noopResult = emptyResult(); const quiet = { info() {}, warn() {}, error() {} };
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
interface Round { runsPerSecond: number; batches: number; linesPerBatch: number; cpuShare: number }
const kind = process.argv[2] ?? "shm";
const dir = mkdtempSync(join(kind === "shm" ? "/dev/shm" : "/tmp", "prof-"));
const make = kind === "mem" ? async () => new MemoryStatePersistence() : () => JsonStatePersistence.open({ directory: dir, logger: quiet });
const keep = setInterval(() => {}, 1 << 30);
const r = await round(make, 10_000, 10, 256);
console.log(kind, Math.round(r.runsPerSecond), r.linesPerBatch, Math.round(r.cpuShare*100));
clearInterval(keep);
process.exit(0);
