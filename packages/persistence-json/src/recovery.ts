import { readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ActorError } from "@actor/core";
import { FileProblem, readJournal, readSnapshot, type JournalRead } from "./file-reader.js";
import { parseFileName, type DataFiles } from "./files.js";
import type { StoreLogger } from "./options.js";
import { StoreState } from "./state.js";

/** What loading a data directory produced. */
export interface Loaded {
  state: StoreState;
  /** The generation whose snapshot the state was built from (0: a new directory). */
  base: number;
  /** The highest generation found (0: a new directory). */
  last: number;
  /**
   * Set when the newest journal can simply be appended to: it belongs to the snapshot the state
   * was loaded from, and nothing had to be set aside or repaired. `end` is where its last complete
   * batch ends (a torn tail after it is cut off before appending).
   */
  resumable: { path: string; end: number; size: number; snapshotBytes: number } | null;
}

/**
 * Loads a data directory: the newest snapshot that reads back whole, then every journal from its
 * generation on. A snapshot that does not read back is renamed aside (`.corrupt-<time>`), reported
 * as an error, and the previous one is used with its journals, so nothing is lost. A journal's torn
 * tail (a write cut short by a crash, never acknowledged) is dropped with a warning. A bad line
 * inside a journal is refused with an `ActorError("corrupt-state")` naming the file and line, and
 * nothing is changed — unless `repair` is set (see `JsonStoreOptions.repair`).
 */
export async function loadDirectory(
  files: DataFiles,
  logger: StoreLogger,
  repair: boolean,
  now: Date,
): Promise<Loaded> {
  const snapshots: number[] = [];
  const journals = new Set<number>();
  for (const name of await readdir(files.directory)) {
    if (name.endsWith(".tmp")) {
      // A snapshot whose write a crash cut short; it was never renamed into place.
      await unlink(join(files.directory, name)).catch(() => {});
      logger.info({ file: name }, "removed an unfinished snapshot left by a crash");
      continue;
    }
    const parsed = parseFileName(name);
    if (parsed?.kind === "snapshot") snapshots.push(parsed.seq);
    else if (parsed) journals.add(parsed.seq);
  }
  const last = Math.max(0, ...snapshots, ...journals);
  if (last === 0) return { state: new StoreState(), base: 0, last: 0, resumable: null };
  snapshots.sort((a, b) => b - a);
  // Generation 1 began with an empty state, so its journal alone is a last resort.
  const bases = [...snapshots, ...(journals.has(1) && !snapshots.includes(1) ? [1] : [])];
  const problems: FileProblem[] = [];
  for (const base of bases) {
    const state = new StoreState();
    let snapshotBytes = 0;
    if (snapshots.includes(base)) {
      const path = files.path("snapshot", base);
      try {
        const buf = await readFile(path);
        snapshotBytes = buf.length;
        const { header, entries } = readSnapshot(buf, path, base);
        for (const entry of entries) state.apply(entry);
        state.nextExecutionId = Math.max(state.nextExecutionId, header.nextExecutionId);
      } catch (error) {
        if (!(error instanceof FileProblem)) throw error;
        problems.push(error);
        continue;
      }
    }
    const lastJournal = Math.max(base, ...journals);
    const missing = range(base, lastJournal).find((seq) => !journals.has(seq));
    if (missing !== undefined) {
      problems.push(new FileProblem(files.path("journal", missing), 0, "missing"));
      continue;
    }
    let end = 0;
    let size = 0;
    let clean = problems.length === 0 && snapshotBytes > 0;
    for (const seq of range(base, lastJournal)) {
      const read = await replayJournal(files.path("journal", seq), seq, state, logger, repair, now);
      end = read.end;
      size = read.size;
      if (read.damaged.length > 0) clean = false;
    }
    for (const problem of problems) await setAside(problem, files, logger, now);
    const resumable =
      clean && base === last && end > 0
        ? { path: files.path("journal", last), end, size, snapshotBytes }
        : null;
    return { state, base, last, resumable };
  }
  throw new ActorError(
    "corrupt-state",
    `no usable state in ${files.directory}: ${problems.map((p) => p.message).join("; ")}. ` +
      "Nothing was changed; restore the directory from a backup, or move it away to start empty",
    { context: { file: files.directory } },
  );
}

async function replayJournal(
  path: string,
  seq: number,
  state: StoreState,
  logger: StoreLogger,
  repair: boolean,
  now: Date,
): Promise<JournalRead> {
  let read;
  try {
    read = readJournal(await readFile(path), path, seq, repair);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    throw new ActorError(
      "corrupt-state",
      `${error.message}. Nothing was changed. Open the store with { repair: true } to keep this ` +
        "file aside and load every readable line (the unreadable ones are lost), or restore the directory from a backup",
      { cause: error, context: { file: path, line: error.line } },
    );
  }
  for (const entry of read.entries) state.apply(entry);
  if (read.tail) {
    logger.warn(
      { file: path, line: read.tail.fromLine, lines: read.tail.lines, bytes: read.tail.bytes },
      `dropped the torn end of the journal (a write cut short by a crash, never acknowledged): ` +
        `${path} from line ${read.tail.fromLine}`,
    );
  }
  if (read.damaged.length > 0) {
    const aside = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, "-")}`;
    for (const p of read.damaged) logger.error({ file: path, line: p.line }, `lost: ${p.message}`);
    await rename(path, aside);
    logger.error(
      { file: path, keptAs: aside },
      `repaired ${path}; the damaged file is kept as ${aside}`,
    );
  }
  return read;
}

async function setAside(
  problem: FileProblem,
  files: DataFiles,
  logger: StoreLogger,
  now: Date,
): Promise<void> {
  if (problem.reason === "missing") return;
  const aside = files.asideName(problem.file, now);
  await rename(problem.file, aside);
  logger.error(
    { file: problem.file, line: problem.line, keptAs: aside },
    `${problem.message}; kept it as ${aside} and recovered from the previous snapshot and the journals`,
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
