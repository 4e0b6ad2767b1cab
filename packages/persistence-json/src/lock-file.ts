import { link, readFile, rename, unlink } from "node:fs/promises";
import { ActorError } from "@actor/core";
import { fsCall } from "./fs-calls.js";
import type { StoreLogger } from "./options.js";

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** The owner's start time in clock ticks since boot (Linux `/proc`), to tell a reused pid. */
  processStart?: string;
}

/** State and start time of a process from `/proc/<pid>/stat` (Linux), or null elsewhere. */
async function procStat(pid: number): Promise<{ state: string; start: string } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] ?? "" };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's owner still runs on this host: its pid exists (EPERM: it exists, owned by
 * someone else), is not a zombie, and — where `/proc` tells — started when the lock says, so a pid
 * reused by an unrelated process does not keep a stale lock alive.
 */
async function alive(owner: LockOwner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = await procStat(owner.pid);
  if (!stat) return true;
  if (stat.state === "Z" || stat.state === "X") return false;
  return owner.processStart === undefined || owner.processStart === stat.start;
}

function readOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    return Number.isSafeInteger(v.pid) && typeof v.host === "string" ? (v as LockOwner) : null;
  } catch {
    return null;
  }
}

/**
 * The single-writer lock of a data directory: a file `lock` holding the owner's pid and host,
 * created with `O_EXCL`. A lock of a pid that no longer runs on this host (gone, a zombie, or reused
 * by a process that started later) is stale and taken over (with a warning); a live owner, an owner on another host (whose pid cannot be checked from here)
 * or an unreadable lock is an `ActorError("conflict")` that names it.
 */
export class LockFile {
  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {}

  static async acquire(path: string, host: string, logger: StoreLogger): Promise<LockFile> {
    const self = await procStat(process.pid);
    const owner: LockOwner = {
      pid: process.pid,
      host,
      startedAt: new Date().toISOString(),
      ...(self ? { processStart: self.start } : {}),
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      // The lock appears whole or not at all: its content is written to a file of this process's
      // own first, then hard-linked to the lock path (which fails if the lock exists). A SIGKILL
      // between creating and writing a lock in place would leave an empty lock behind.
      const draft = `${path}.${process.pid}.new`;
      try {
        const fd = await fsCall.open(draft, "w");
        try {
          // Not synced: after a power cut every pid in it is dead anyway.
          await fsCall.writeAll(fd, Buffer.from(`${JSON.stringify(owner)}\n`));
        } finally {
          await fsCall.close(fd);
        }
        await link(draft, path);
        return new LockFile(path, owner);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        await unlink(draft).catch(() => {});
      }
      const text = await readFile(path, "utf8").catch(() => null);
      if (text === null) continue; // removed meanwhile: try again
      const held = readOwner(text);
      if (!held) {
        // A lock being written right now is empty for a moment; anything else is not ours to judge.
        if (text === "" && attempt < 4) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        throw new ActorError(
          "conflict",
          `the data directory lock ${path} is unreadable (${JSON.stringify(text.slice(0, 80))}); ` +
            "if no other server uses this directory, delete the lock file and start again",
          { context: { file: path } },
        );
      }
      if (held.host !== host) {
        throw new ActorError(
          "conflict",
          `the data directory is locked by pid ${held.pid} on host ${held.host} (lock file ${path}); ` +
            "a process on another host cannot be checked from here: if that server is gone, delete the lock file",
          { context: { file: path, pid: held.pid, host: held.host } },
        );
      }
      if (held.pid === process.pid || (await alive(held))) {
        throw new ActorError(
          "conflict",
          `the data directory is in use by pid ${held.pid} on this host (lock file ${path}); ` +
            "stop that server first, or give this one another directory",
          { context: { file: path, pid: held.pid, host: held.host } },
        );
      }
      // Stale: move it aside, and only take over if what was moved is the lock judged stale
      // (another process may have taken it over meanwhile).
      const aside = `${path}.stale-${process.pid}`;
      try {
        await rename(path, aside);
      } catch {
        continue;
      }
      const moved = await readFile(aside, "utf8").catch(() => "");
      if (moved !== text) {
        await rename(aside, path).catch(() => {});
        continue;
      }
      await unlink(aside).catch(() => {});
      logger.warn(
        { file: path, stalePid: held.pid, host },
        `took over the stale lock of pid ${held.pid}, which no longer runs`,
      );
    }
    throw new ActorError("conflict", `could not take the data directory lock ${path}`, {
      context: { file: path },
    });
  }

  /** Removes the lock if it is still this process's. */
  async release(): Promise<void> {
    const text = await readFile(this.path, "utf8").catch(() => null);
    if (text !== null && readOwner(text)?.pid === this.owner.pid) await unlink(this.path);
  }
}
