import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { expectActorError, makeTaskState, rejectionOf } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { CollectingLogger, useTempDirectory } from "./support/temp-store.js";

const temp = useTempDirectory();

/** The pid of a process that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "0"]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

async function writeLock(owner: Record<string, unknown>): Promise<void> {
  await writeFile(join(temp.dir(), "lock"), `${JSON.stringify(owner)}\n`);
}

describe("the directory lock", () => {
  it("holds the owner's pid and host while open and is removed by close", async () => {
    const store = await temp.open();
    const lock = JSON.parse(await readFile(join(temp.dir(), "lock"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    await store.close();
    expect(await temp.files()).not.toContain("lock");
  });

  it("a second open of a directory in use is a conflict naming the pid holding it", async () => {
    await temp.open();
    const error = await rejectionOf(temp.open());
    expectActorError(error, "conflict");
    expect((error as Error).message).toContain(`in use by pid ${process.pid}`);
    expect((error as Error).message).toContain(join(temp.dir(), "lock"));
  });

  it("a lock held by another live process is a conflict naming that pid", async () => {
    await (await temp.open()).close();
    await writeLock({ pid: process.ppid, host: hostname(), startedAt: "2026-01-01T00:00:00Z" });
    const error = await rejectionOf(temp.open());
    expectActorError(error, "conflict");
    expect((error as Error).message).toContain(`pid ${process.ppid}`);
  });

  it("a stale lock of a dead pid is taken over with a warning, and the data is there", async () => {
    const first = await temp.open();
    const saved = await first.saveTask(makeTaskState({ taskId: "kept" }));
    await first.close();
    const pid = await deadPid();
    await writeLock({ pid, host: hostname(), startedAt: "2026-01-01T00:00:00Z" });
    const logger = new CollectingLogger();
    const store = await temp.open({ logger });
    expect(await store.loadTask("kept")).toEqual(saved);
    expect(logger.messages("warn")).toEqual([
      `took over the stale lock of pid ${pid}, which no longer runs`,
    ]);
    const lock = JSON.parse(await readFile(join(temp.dir(), "lock"), "utf8")) as { pid: number };
    expect(lock.pid).toBe(process.pid);
  });

  it("a lock whose pid now belongs to a process started later (pid reused) is stale", async (context) => {
    if (process.platform !== "linux") context.skip("process start times come from /proc");
    await (await temp.open()).close();
    await writeLock({ pid: process.ppid, host: hostname(), startedAt: "x", processStart: "1" });
    const logger = new CollectingLogger();
    await temp.open({ logger });
    expect(logger.messages("warn")[0]).toMatch(/took over the stale lock/);
  });

  it("a lock from another host is never taken over: the error names the host and says what to do", async () => {
    await (await temp.open()).close();
    await writeLock({ pid: 4242, host: "other-box", startedAt: "2026-01-01T00:00:00Z" });
    const error = await rejectionOf(temp.open());
    expectActorError(error, "conflict");
    expect((error as Error).message).toMatch(/pid 4242 on host other-box.*delete the lock file/);
  });

  it("an unreadable lock is not judged: conflict, and the file is left as it was", async () => {
    await (await temp.open()).close();
    await writeFile(join(temp.dir(), "lock"), "garbage");
    expectActorError(await rejectionOf(temp.open()), "conflict");
    expect(await readFile(join(temp.dir(), "lock"), "utf8")).toBe("garbage");
  });
});
