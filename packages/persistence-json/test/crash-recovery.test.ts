import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionRecord } from "@actor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonStatePersistence, type StoreLogger } from "../src/index.js";
import {
  bundleFixture,
  kill,
  readCrashLog,
  startServer,
  type CrashLog,
} from "./support/crash-harness.js";

let work: string;
let bundle: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "actor-json-crash-"));
  bundle = await bundleFixture(join(work, "crash-server.mjs"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet: StoreLogger = { info() {}, warn() {}, error() {} };

/** Every execution record in the directory, by id. */
async function allRecords(store: JsonStatePersistence): Promise<Map<string, ExecutionRecord>> {
  const records = new Map<string, ExecutionRecord>();
  const taskIds = new Set((await store.listTasks()).map((t) => t.taskId));
  for (const taskId of taskIds)
    for (const r of await store.history(taskId, { limit: Number.MAX_SAFE_INTEGER }))
      records.set(r.id, r);
  return records;
}

/**
 * Opens the directory and checks it against everything the log says was acknowledged: no record,
 * outcome, post or state save lost; nothing left running; no post sent again after it was
 * recorded; no slot run again after its success and the state that followed were acknowledged.
 */
async function verify(dir: string, log: CrashLog): Promise<Map<string, ExecutionRecord>> {
  const store = await JsonStatePersistence.open({ directory: dir, logger: quiet });
  try {
    const records = await allRecords(store);
    const lost = [...log.started.keys()].filter((id) => !records.has(id));
    expect(lost, "acknowledged execution records missing").toEqual([]);
    const changed = [...log.finished].filter(([id, status]) => records.get(id)?.status !== status);
    expect(changed, "acknowledged outcomes changed or lost").toEqual([]);
    for (const [id, slot] of log.started)
      expect(`${records.get(id)!.taskId}@${records.get(id)!.scheduledFor.getTime()}`).toBe(slot);
    expect(await store.running(), "records left running after a clean stop").toEqual([]);
    for (const key of log.posted) expect(await store.findPost(key), key).not.toBeNull();
    for (const [taskId, saved] of log.saved)
      expect((await store.loadTask(taskId))!.version, taskId).toBeGreaterThanOrEqual(saved.version);
    expect(log.sendsAfterRecord, "posts sent again after they were recorded").toEqual([]);
    const rerunAfterAck = log.reruns.filter((r) => r.afterAckedState);
    expect(rerunAfterAck, "slots run again after their state was acknowledged").toEqual([]);
    return records;
  } finally {
    await store.close();
  }
}

describe("crash recovery with real processes", () => {
  it("SIGKILL during writes under load, then a restart: nothing acknowledged is lost, the interrupted runs are closed abandoned, no post is sent twice", async () => {
    const dir = join(work, "single");
    const log = join(work, "single.log");
    // Runs of 30 ms, eight at a time; the process SIGKILLs itself inside its 60th run, while
    // the other runs in flight are writing.
    const env = { INTERVAL_SECONDS: "0.05", PROBE_MS: "30" };
    const first = startServer(bundle, dir, log, { ...env, KILL_AT_RUN: "60" });
    expect(await first.exited, first.stderr()).toBe("SIGKILL");
    const before = await readCrashLog(log);
    const killed = before.lastRun!;
    const interrupted = [...before.runs].filter((id) => !before.finished.has(id));

    const second = startServer(bundle, dir, log, { ...env, RUN_MS: "600" });
    expect(await second.exited, second.stderr()).toBe(0);
    const after = await readCrashLog(log);
    const records = await verify(dir, after);

    // The run the kill cut short is closed `abandoned` by the restart; every run whose finish
    // was not acknowledged is final (abandoned, or finished on disk with the acknowledgement lost
    // with the process).
    const killedRecords = [...records.values()].filter(
      (r) => `${r.taskId}@${r.scheduledFor.getTime()}` === killed && r.attempt === 1,
    );
    // The restart may also run the slot again under the same key (a second record, newest first),
    // so look for the closed one among the slot's records.
    const abandoned = killedRecords.filter((r) => r.status === "abandoned");
    expect(abandoned, killedRecords.map((r) => r.status).join(", ")).toHaveLength(1);
    expect(abandoned[0]!.errorMessage).toMatch(/stopped before the run finished/);
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.map((id) => records.get(id)!.status)).not.toContain("running");
    expect(after.starts).toBe(2);
  }, 60_000);

  it("100 SIGKILLs at random moments under load, each followed by a restart: zero acknowledged records lost, no slot run twice, the directory always loads", async () => {
    const dir = join(work, "hundred");
    const log = join(work, "hundred.log");
    // Small journals, so kills also land in compactions (journal switch, snapshot write, cleanup).
    const env = {
      COMPACT_BYTES: "16384",
      TASKS: "12",
      INTERVAL_SECONDS: "0.01",
      CONCURRENCY: "12",
    };
    let warnings = 0;

    let next = startServer(bundle, dir, log, env, true);
    for (let i = 0; i < 100; i++) {
      const server = next;
      server.go();
      next = startServer(bundle, dir, log, env, true);
      // Three kills in four land at a random moment of the first 400 ms, whatever the process is
      // doing then (taking the lock, loading, closing dead runs, running); every fourth waits
      // until the server runs, so that runs are in flight when it comes.
      if (i % 4 === 0) {
        await server.ready.catch((error: unknown) => {
          throw new Error(`restart ${i} failed: ${String(error)}`);
        });
        await sleep(Math.random() * 100);
      } else await Promise.race([sleep(Math.random() * 400), server.exited]);
      const early = server.child.exitCode;
      await kill(server);
      expect(early, `restart ${i} exited by itself: ${server.stderr()}`).toBeNull();
      expect(server.stderr()).not.toMatch(/corrupt|error:/i);
      warnings += (server.stderr().match(/dropped the torn end/g) ?? []).length;
    }
    await kill(next);
    const last = startServer(bundle, dir, log, { ...env, RUN_MS: "500" });
    expect(await last.exited, last.stderr()).toBe(0);
    const result = await readCrashLog(log);
    await verify(dir, result);
    expect(result.started.size).toBeGreaterThan(100);
    // A slot's record and its state are settled in one journal batch, so no kill can fall between
    // an acknowledged success and the state save after it: no slot is run again once it succeeded.
    expect(result.reruns).toEqual([]);
    console.info(
      `100 kills: ${result.started.size} acknowledged records, ${result.starts} starts, ` +
        `${warnings} torn journal ends dropped, ${result.reruns.length} slots re-run before their state save was acknowledged`,
    );
  }, 240_000);
});
