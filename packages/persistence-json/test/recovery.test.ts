import { appendFile, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  makeExecution,
  makePost,
  makeTaskState,
  expectActorError,
  rejectionOf,
} from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { CollectingLogger, useTempDirectory } from "./support/temp-store.js";

const temp = useTempDirectory();

/** Saves three tasks, one finished execution and one post; returns what was stored. */
async function seed(store: Awaited<ReturnType<typeof temp.open>>) {
  const tasks = [];
  for (const taskId of ["a", "b", "c"]) tasks.push(await store.saveTask(makeTaskState({ taskId })));
  const rec = await store.start(makeExecution({ taskId: "a" }));
  const done = await store.finish(rec.id, { status: "succeeded", completedAt: new Date(1) });
  const post = makePost({ taskId: "a" });
  await store.recordPost(post);
  return { tasks, done, post };
}

async function expectSeeded(
  store: Awaited<ReturnType<typeof temp.open>>,
  seeded: Awaited<ReturnType<typeof seed>>,
) {
  expect(await store.listTasks()).toEqual(seeded.tasks);
  expect(await store.history("a")).toEqual([seeded.done]);
  expect(await store.findPost(seeded.post.idempotencyKey)).toEqual(seeded.post);
}

describe("torn journal end", () => {
  it("a line cut short by a crash is dropped with a warning naming the file and line; the rest loads", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    const journal = store.files.journal;
    await store.close();
    await appendFile(journal, '["t","half-writ');
    const logger = new CollectingLogger();
    const reopened = await temp.open({ logger });
    await expectSeeded(reopened, seeded);
    const warning = logger.lines.find((l) => l.level === "warn")!;
    expect(warning.msg).toMatch(/torn end of the journal/);
    expect(warning.msg).toContain(journal);
    expect(warning.obj).toMatchObject({ file: journal, lines: 1 });
    expect(await reopened.loadTask("half-writ")).toBeNull();
  });

  it("the torn end is cut off before new writes are appended: the next open finds a clean journal", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    const journal = store.files.journal;
    await store.close();
    await appendFile(journal, '["p","torn');
    const reopened = await temp.open();
    expect(reopened.files.journal).toBe(journal);
    const later = await reopened.saveTask(makeTaskState({ taskId: "later" }));
    await reopened.close();
    const logger = new CollectingLogger();
    const third = await temp.open({ logger });
    expect(logger.messages("warn")).toEqual([]);
    expect(await third.loadTask("later")).toEqual(later);
    expect(await third.history("a")).toEqual([seeded.done]);
    expect(await third.findPost(seeded.post.idempotencyKey)).toEqual(seeded.post);
  });

  it("complete lines of a batch whose commit line is missing were never acknowledged: dropped too", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    const journal = store.files.journal;
    await store.close();
    const line = (await readFile(journal, "utf8"))
      .split("\n")
      .find((l) => l.startsWith('["t","b"'))!;
    await appendFile(journal, `${line.replace('"b"', '"ghost"')}\n`);
    const logger = new CollectingLogger();
    const reopened = await temp.open({ logger });
    await expectSeeded(reopened, seeded);
    expect(await reopened.loadTask("ghost")).toBeNull();
    expect(logger.messages("warn")).toHaveLength(1);
  });

  it("zeros at the end of the journal (a power cut after the file grew) are a torn end as well", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    const journal = store.files.journal;
    await store.close();
    await appendFile(journal, Buffer.alloc(4096));
    const reopened = await temp.open();
    await expectSeeded(reopened, seeded);
  });
});

describe("a damaged snapshot", () => {
  it("a truncated snapshot is reported with its path and line, kept aside, and the state is recovered from the previous snapshot and the journals", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    await store.compact();
    const snapshot = join(
      temp.dir(),
      `snapshot-${String(store.files.generation).padStart(8, "0")}.jsonl`,
    );
    const extra = await store.saveTask(makeTaskState({ taskId: "after-compaction" }));
    await store.close();
    const size = (await stat(snapshot)).size;
    await truncate(snapshot, Math.floor(size / 2));
    const logger = new CollectingLogger();
    const reopened = await temp.open({ logger });
    const [a, ...rest] = seeded.tasks;
    expect(await reopened.listTasks()).toEqual([a, extra, ...rest]);
    expect(await reopened.history("a")).toEqual([seeded.done]);
    const error = logger.lines.find((l) => l.level === "error")!;
    expect(error.msg).toContain(snapshot);
    expect(error.msg).toMatch(/line \d+/);
    expect(error.obj["keptAs"]).toMatch(/\.corrupt-/);
    expect(await temp.files()).toContain((error.obj["keptAs"] as string).split("/").pop());
  });

  it("a snapshot whose content was changed fails its checksum and is set aside the same way", async () => {
    const store = await temp.open();
    const seeded = await seed(store);
    await store.compact();
    const snapshot = join(
      temp.dir(),
      `snapshot-${String(store.files.generation).padStart(8, "0")}.jsonl`,
    );
    await store.close();
    await writeFile(snapshot, (await readFile(snapshot, "utf8")).replace('"a"', '"z"'));
    const logger = new CollectingLogger();
    await expectSeeded(await temp.open({ logger }), seeded);
    expect(logger.messages("error")[0]).toMatch(/checksum mismatch/);
  });

  it("with no usable snapshot and no complete journal chain, open refuses with corrupt-state and changes nothing", async () => {
    const store = await temp.open();
    await seed(store);
    await store.compact();
    await store.close();
    await temp.open().then((s) => s.close()); // a restart: the oldest generation is removed
    const files = await temp.files();
    for (const name of files.filter((f) => f.startsWith("snapshot-")))
      await writeFile(join(temp.dir(), name), "{not json\n");
    const error = await rejectionOf(temp.open());
    expectActorError(error, "corrupt-state");
    expect((error as Error).message).toContain(temp.dir());
    expect(await temp.files()).toEqual(files);
  });
});

describe("a damaged journal", () => {
  async function damagedJournal() {
    const store = await temp.open();
    const seeded = await seed(store);
    const journal = store.files.journal;
    await store.close();
    const lines = (await readFile(journal, "utf8")).split("\n");
    const bad = lines.findIndex((l) => l.startsWith('["t","b"'));
    lines[bad] = lines[bad]!.replace('"b"', "{b");
    await writeFile(journal, lines.join("\n"));
    return { seeded, journal, line: bad + 1, text: lines.join("\n") };
  }

  it("an unreadable line before the end is refused with corrupt-state naming the file and line; nothing changes", async () => {
    const { journal, line, text } = await damagedJournal();
    const before = await temp.files();
    const error = await rejectionOf(temp.open());
    expectActorError(error, "corrupt-state");
    expect((error as Error).message).toContain(`${journal} line ${line}`);
    expect((error as Error).message).toMatch(/repair: true/);
    expect(await temp.files()).toEqual(before.filter((f) => f !== "lock"));
    expect(await readFile(journal, "utf8")).toBe(text);
  });

  it("with repair, the journal is kept aside, every readable line is loaded and the lost ones are reported", async () => {
    const { seeded, journal, line } = await damagedJournal();
    const logger = new CollectingLogger();
    const store = await temp.open({ repair: true, logger });
    expect((await store.listTasks()).map((t) => t.taskId)).toEqual(["a", "c"]);
    expect(await store.history("a")).toEqual([seeded.done]);
    expect(logger.lines.some((l) => l.level === "error" && l.obj["line"] === line)).toBe(true);
    const kept = (await temp.files()).find((f) => f.includes(".corrupt-"))!;
    expect(journal.endsWith(kept.split(".corrupt-")[0]!)).toBe(true);
    await store.close();
    expect((await (await temp.open()).listTasks()).map((t) => t.taskId)).toEqual(["a", "c"]);
  });

  it("a batch whose content no longer matches its checksum is corruption, even when every line parses", async () => {
    const store = await temp.open();
    await store.saveTask(makeTaskState({ taskId: "t" }));
    const journal = store.files.journal;
    await store.close();
    const text = await readFile(journal, "utf8");
    await writeFile(journal, text.replace('["t","t","actor",', '["t","t","actr",'));
    const error = await rejectionOf(temp.open());
    expectActorError(error, "corrupt-state");
    expect((error as Error).message).toMatch(/line 2: checksum mismatch in the batch of lines 2–2/);
  });
});

describe("start-up housekeeping", () => {
  it("an unfinished snapshot (.tmp) left by a crash is removed", async () => {
    await (await temp.open()).close();
    await writeFile(join(temp.dir(), "snapshot-00000009.jsonl.tmp"), "{");
    await (await temp.open()).close();
    expect((await temp.files()).some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("keeps the generation it loaded from and the new one; older generations are removed", async () => {
    const store = await temp.open();
    await seed(store);
    await store.compact();
    await store.compact();
    await store.close();
    const reopened = await temp.open();
    const generations = new Set(
      (await temp.files())
        .filter((f) => f !== "lock")
        .map((f) => f.replace(/^\w+-0*/, "").replace(".jsonl", "")),
    );
    expect([...generations].map(Number).sort()).toEqual([
      reopened.files.generation - 1,
      reopened.files.generation,
    ]);
  });

  it("execution ids keep growing after every record was pruned and the store reopened", async () => {
    const store = await temp.open();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const rec = await store.start(makeExecution({ taskId: "t" }));
      await store.finish(rec.id, { status: "succeeded", completedAt: new Date(1) });
      ids.push(Number(rec.id));
    }
    expect(await store.prune({ maxPerTask: 0 })).toBe(3);
    await store.close();
    const next = await (await temp.open()).start(makeExecution({ taskId: "t" }));
    expect(Number(next.id)).toBeGreaterThan(Math.max(...ids));
  });
});
