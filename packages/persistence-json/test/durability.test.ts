import { openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  expectActorError,
  makeExecution,
  makePost,
  makeTaskState,
  rejectionOf,
} from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { Journal } from "../src/journal.js";
import { useTempDirectory } from "./support/temp-store.js";

const temp = useTempDirectory();

describe("group commit", () => {
  it("500 concurrent saves go out in a few write + fdatasync batches, and none resolves before its batch is synced", async () => {
    const store = await temp.open();
    const before = store.stats();
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.saveTask(makeTaskState({ taskId: `t${i}` })).then(() => {
          seen.push(store.stats().lines - before.lines - i - 1);
        }),
      ),
    );
    const after = store.stats();
    expect(after.lines - before.lines).toBe(500);
    expect(after.batches - before.batches).toBeLessThanOrEqual(2);
    // Each promise resolved after at least as many lines as came before it were on disk.
    expect(seen.every((ahead) => ahead >= 0)).toBe(true);
  });

  it("a run's three writes (start, finish, state) from 100 runs at once take a handful of batches", async () => {
    const store = await temp.open();
    const before = store.stats();
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const rec = await store.start(makeExecution({ taskId: `t${i}` }));
        await store.finish(rec.id, { status: "succeeded", completedAt: new Date(2) });
        await store.saveTask(makeTaskState({ taskId: `t${i}` }));
      }),
    );
    const after = store.stats();
    expect(after.lines - before.lines).toBe(300);
    expect(after.batches - before.batches).toBeLessThanOrEqual(6);
  });

  it("a failed write fails the journal: waiting and later appends reject as unavailable, naming the file", async () => {
    const path = join(await temp.open().then((s) => s.files.directory), "read-only");
    writeFileSync(path, "");
    const journal = new Journal(openSync(path, "r"), path, 0);
    const first = await rejectionOf(journal.append('["d","x"]'));
    expectActorError(first, "unavailable");
    expect((first as Error).message).toContain(path);
    expectActorError(await rejectionOf(journal.append('["d","y"]')), "unavailable");
    expectActorError(await rejectionOf(journal.barrier()), "unavailable");
  });
});

describe("compaction", () => {
  it("a growing journal is compacted into a new generation while writes go on; everything reloads", async () => {
    const store = await temp.open({ compactAfterBytes: 4096 });
    const saved = [];
    for (let round = 0; round < 20; round++) {
      saved.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.saveTask(makeTaskState({ taskId: `t${round}-${i}`, metadata: { round } })),
          ),
        )),
      );
    }
    expect(store.stats().compactions).toBeGreaterThan(0);
    await store.close();
    const names = await temp.files();
    expect(names.filter((n) => n.startsWith("snapshot-")).length).toBeLessThanOrEqual(2);
    const reopened = await temp.open();
    expect(await reopened.listTasks()).toEqual(
      saved.sort((a, b) => (a.taskId < b.taskId ? -1 : 1)),
    );
  });

  it("writes made during a compaction are in the next generation: none is lost", async () => {
    const store = await temp.open();
    const writes = Array.from({ length: 300 }, (_, i) =>
      store.start(makeExecution({ taskId: "t", startedAt: new Date(i) })),
    );
    const compaction = store.compact();
    const more = Array.from({ length: 300 }, (_, i) =>
      store.start(makeExecution({ taskId: "t", startedAt: new Date(1000 + i) })),
    );
    const records = await Promise.all([...writes, ...more]);
    await compaction;
    await store.close();
    const reopened = await temp.open();
    expect((await reopened.history("t", { limit: 1000 })).length).toBe(records.length);
  });
});

describe("careless callers", () => {
  it("an Invalid Date, NaN or a cyclic metadata object is a validation error naming the task and field; nothing is stored", async () => {
    const store = await temp.open();
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const cases = [
      [
        makeTaskState({ taskId: "t", nextRun: new Date(Number.NaN) }),
        /task t: nextRun must be a valid Date/,
      ],
      [
        makeTaskState({ taskId: "t", consecutiveFailures: Number.NaN }),
        /consecutiveFailures must be a finite number/,
      ],
      [
        makeTaskState({ taskId: "t", metadata: cyclic }),
        /task t: metadata must be JSON-serialisable/,
      ],
    ] as const;
    for (const [state, message] of cases) {
      const error = await rejectionOf(store.saveTask(state));
      expectActorError(error, "validation");
      expect((error as Error).message).toMatch(message);
    }
    expect(await store.loadTask("t")).toBeNull();
    expect(store.stats().lines).toBe(0);
    expectActorError(
      await rejectionOf(store.start(makeExecution({ startedAt: new Date("nope") }))),
      "validation",
    );
    expectActorError(
      await rejectionOf(
        store.recordPost({ ...makePost(), messageIds: "1" as unknown as string[] }),
      ),
      "validation",
    );
  });

  it("null or undefined in place of a record is a validation error, not a crash", async () => {
    const store = await temp.open();
    expectActorError(await rejectionOf(store.saveTask(null as never)), "validation");
    expectActorError(await rejectionOf(store.start(undefined as never)), "validation");
    expectActorError(await rejectionOf(store.recordPost(null as never)), "validation");
    const rec = await store.start(makeExecution());
    expectActorError(await rejectionOf(store.finish(rec.id, null as never)), "validation");
    expect((await store.running()).map((r) => r.id)).toEqual([rec.id]);
  });

  it("instants at the ends of the Date range and before 1970 survive a reload exactly", async () => {
    const store = await temp.open();
    const saved = await store.saveTask(
      makeTaskState({
        taskId: "t",
        lastRun: new Date("1900-01-01T00:00:00Z"),
        nextRun: new Date(8.64e15),
      }),
    );
    await store.close();
    expect(await (await temp.open()).loadTask("t")).toEqual(saved);
  });

  it("metadata follows JSON: a Date in it reads back as its ISO string, before and after a reload", async () => {
    const store = await temp.open();
    const saved = await store.saveTask(
      makeTaskState({ taskId: "t", metadata: { at: new Date(0), gone: undefined } }),
    );
    expect(saved.metadata).toEqual({ at: "1970-01-01T00:00:00.000Z" });
    await store.close();
    expect((await (await temp.open()).loadTask("t"))!.metadata).toEqual(saved.metadata);
  });

  it("a closed store refuses writes with invalid-state; close twice is fine", async () => {
    const store = await temp.open();
    await store.close();
    await store.close();
    expectActorError(await rejectionOf(store.saveTask(makeTaskState())), "invalid-state");
  });
});
