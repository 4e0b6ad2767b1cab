import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { ActorError } from "@actor/core";
import { DataFiles } from "./files.js";
import { fsCall, journalFlags } from "./fs-calls.js";
import { createJournal, removeGenerationsBefore, writeSnapshot } from "./generation.js";
import { Journal } from "./journal.js";
import { LockFile } from "./lock-file.js";
import {
  DEFAULT_JSON_STORE_OPTIONS,
  type JsonStoreOptions,
  type ResolvedJsonStoreOptions,
} from "./options.js";
import { loadDirectory } from "./recovery.js";
import type { StoreState } from "./state.js";

/** Everything an open data directory is made of. */
export interface OpenedDirectory {
  options: ResolvedJsonStoreOptions;
  files: DataFiles;
  lock: LockFile;
  state: StoreState;
  journal: Journal;
  /** The generation the journal belongs to. */
  generation: number;
  /** The size of that generation's snapshot. */
  snapshotBytes: number;
}

/** {@link JsonStoreOptions} merged over the defaults and checked. */
export function resolveOptions(options: JsonStoreOptions): ResolvedJsonStoreOptions {
  const resolved: ResolvedJsonStoreOptions = { ...DEFAULT_JSON_STORE_OPTIONS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  resolved.host ||= hostname();
  if (!Number.isFinite(resolved.compactAfterBytes) || resolved.compactAfterBytes <= 0)
    throw new ActorError(
      "invalid-config",
      `JsonStatePersistence: compactAfterBytes must be a number > 0, got ${String(resolved.compactAfterBytes)}`,
      { context: { key: "compactAfterBytes" } },
    );
  return resolved;
}

/**
 * Takes the directory's lock and loads it (see `loadDirectory`). A clean directory whose journal
 * is not due for compaction goes on appending to it (a torn tail cut off first); otherwise a new
 * generation starts: a fresh journal and a snapshot of what was loaded, older generations removed.
 * The lock is released again if anything fails.
 */
export async function openDirectory(options: JsonStoreOptions): Promise<OpenedDirectory> {
  const resolved = resolveOptions(options);
  const directory = resolve(resolved.directory);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new ActorError(
      "unavailable",
      `cannot create the data directory ${directory}: ${(error as Error).message}`,
      { cause: error, context: { file: directory } },
    );
  }
  const files = new DataFiles(directory);
  const lock = await LockFile.acquire(files.lock, resolved.host, resolved.logger);
  try {
    const now = resolved.clock.now();
    const loaded = await loadDirectory(files, resolved.logger, resolved.repair, now);
    const opened = { options: resolved, files, lock, state: loaded.state };
    const resume = loaded.resumable;
    if (resume && resume.end < Math.max(resolved.compactAfterBytes, 2 * resume.snapshotBytes)) {
      if (resume.size > resume.end) {
        const fd = await fsCall.open(resume.path, "r+");
        await fsCall.truncate(fd, resume.end);
        await fsCall.fsync(fd);
        await fsCall.close(fd);
      }
      const journal = new Journal(
        await fsCall.open(resume.path, journalFlags(false)),
        resume.path,
        resume.end,
      );
      return {
        ...opened,
        journal,
        generation: loaded.last,
        snapshotBytes: resume.snapshotBytes,
      };
    }
    const generation = loaded.last + 1;
    const created = await createJournal(files, generation);
    const journal = new Journal(created.fd, created.path, created.bytes);
    const snapshotBytes = await writeSnapshot(files, generation, loaded.state, now);
    await removeGenerationsBefore(files, loaded.base === 0 ? generation : loaded.base);
    return { ...opened, journal, generation, snapshotBytes };
  } catch (error) {
    await lock.release().catch(() => {});
    throw ActorError.from(error, { file: directory });
  }
}
