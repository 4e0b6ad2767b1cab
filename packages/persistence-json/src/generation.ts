import { readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import {
  encodeExecution,
  encodeInstanceSlot,
  encodePost,
  encodeTask,
  type Entry,
} from "./codec.js";
import { parseFileName, type DataFiles, type JournalHeader, type SnapshotHeader } from "./files.js";
import { fsCall, fsyncDirectory, journalFlags, O_DSYNC } from "./fs-calls.js";
import type { StoreState } from "./state.js";

/** Lines written per chunk of a snapshot; the event loop gets a turn between chunks. */
const CHUNK_LINES = 4096;

/** The line of a snapshot entry (a snapshot holds upserts only). */
function encodeEntry(entry: Entry): string {
  switch (entry.op) {
    case "t":
      return encodeTask(entry.task);
    case "e":
      return encodeExecution(entry.execution);
    case "p":
      return encodePost(entry.post);
    case "i":
      return encodeInstanceSlot(entry.slot);
    default:
      throw new Error(`a snapshot holds no "${entry.op}" entries`);
  }
}

/**
 * Creates the journal of generation `seq` (header written and synced, directory entry synced) and
 * returns its open descriptor and size.
 */
export async function createJournal(
  files: DataFiles,
  seq: number,
): Promise<{ fd: number; path: string; bytes: number }> {
  const path = files.path("journal", seq);
  const header: JournalHeader = { actorState: "journal", format: 1, seq };
  const data = Buffer.from(`${JSON.stringify(header)}\n`);
  const fd = await fsCall.open(path, journalFlags(true));
  try {
    await fsCall.writeAll(fd, data);
    if (O_DSYNC === undefined) await fsCall.fdatasync(fd);
    await fsyncDirectory(files.directory);
  } catch (error) {
    await fsCall.close(fd).catch(() => {});
    throw error;
  }
  return { fd, path, bytes: data.length };
}

/**
 * Writes the snapshot of generation `seq` atomically: to `<name>.tmp`, synced, renamed into place,
 * directory synced. The state is read as it is while the snapshot is written, a chunk at a time,
 * so writes go on meanwhile; that is sound because every change made after the generation's
 * journal was switched to is also in that journal, and replaying an entry twice changes nothing.
 * Returns the snapshot's size in bytes.
 */
export async function writeSnapshot(
  files: DataFiles,
  seq: number,
  state: StoreState,
  createdAt: Date,
): Promise<number> {
  const path = files.path("snapshot", seq);
  const tmp = `${path}.tmp`;
  const header: SnapshotHeader = {
    actorState: "snapshot",
    format: 1,
    seq,
    nextExecutionId: state.nextExecutionId,
    createdAt: createdAt.toISOString(),
  };
  const fd = await fsCall.open(tmp, "w");
  let bytes = 0;
  try {
    const head = Buffer.from(`${JSON.stringify(header)}\n`);
    await fsCall.writeAll(fd, head);
    bytes += head.length;
    let crc = 0;
    let count = 0;
    let chunk: string[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const data = Buffer.from(`${chunk.join("\n")}\n`);
      chunk = [];
      crc = crc32(data, crc);
      bytes += data.length;
      await fsCall.writeAll(fd, data);
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const entry of state.entries()) {
      chunk.push(encodeEntry(entry));
      count++;
      if (chunk.length >= CHUNK_LINES) await flush();
    }
    await flush();
    const trailer = Buffer.from(`${JSON.stringify({ end: count, crc32: crc })}\n`);
    await fsCall.writeAll(fd, trailer);
    bytes += trailer.length;
    await fsCall.fsync(fd);
  } finally {
    await fsCall.close(fd);
  }
  await rename(tmp, path);
  await fsyncDirectory(files.directory);
  return bytes;
}

/** Deletes the snapshots and journals of generations before `keepFrom`. */
export async function removeGenerationsBefore(files: DataFiles, keepFrom: number): Promise<void> {
  let removed = false;
  for (const name of await readdir(files.directory)) {
    const parsed = parseFileName(name);
    if (parsed && parsed.seq < keepFrom) {
      await unlink(join(files.directory, name)).catch(() => {});
      removed = true;
    }
  }
  if (removed) await fsyncDirectory(files.directory);
}
