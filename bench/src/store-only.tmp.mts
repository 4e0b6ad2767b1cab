import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { newTaskState } from "@actor/core";
import { JsonStatePersistence } from "@actor/persistence-json";
const quiet = { info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(process.argv[2] ?? "/dev/shm", "so-"));
const store = await JsonStatePersistence.open({ directory: dir, logger: quiet });
const tasks = 10_000, inflight = 256, total = 100_000;
for (let i = 0; i < tasks; i++) await store.saveTask(newTaskState({ taskId: `t${i}`, actorName: "noop", nextRun: new Date() }));
const leaser = store.leaser({ owner: "me", ttlMs: 60_000 });
let next = 0;
const states = new Map((await store.listTasks()).map((s) => [s.taskId, s]));
async function worker(w: number) {
  while (next < total) {
    const n = next++;
    const id = `t${(n * 7919) % tasks}`;
    if ((await leaser.claim([id], new Date())).length === 0) { continue; }
    const st = await store.loadTask(id);
    const rec = await store.start({ taskId: id, actorName: "noop", scheduledFor: new Date(n), startedAt: new Date(), attempt: 1, instanceId: "me", metadata: { trigger: "schedule" } });
    const s = await leaser.settle!({ executionId: rec.id, outcome: { status: "succeeded", completedAt: new Date(), errorCode: null, errorMessage: null }, state: { ...st!, lastRun: new Date(n) } });
    states.set(id, s.state);
  }
}
const cpu0 = process.cpuUsage(); const t0 = performance.now();
await Promise.all(Array.from({ length: inflight }, (_, w) => worker(w)));
const el = performance.now() - t0; const cpu = process.cpuUsage(cpu0);
console.log(`${Math.round(total / (el / 1000))} runs/s, ${((cpu.user + cpu.system) / total).toFixed(1)} µs CPU/run, ${(store.stats().lines / store.stats().batches).toFixed(0)} entries/batch`);
await store.close();
