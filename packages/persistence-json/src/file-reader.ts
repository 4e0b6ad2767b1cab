import { crc32 } from "node:zlib";
import type { Entry } from "./codec.js";
import { decodeEntry, LineError } from "./decode.js";
import type { SnapshotHeader, SnapshotTrailer } from "./files.js";

/** A problem in a data file: the file, the 1-based line and what is wrong. */
export class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file} line ${line}: ${reason}`);
  }
}

/** The lines of a buffer with their byte offsets; the last item is the text after the last newline. */
function* lines(buf: Buffer): Generator<{ text: string; start: number; end: number; n: number }> {
  let start = 0;
  let n = 1;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) break;
    yield { text: buf.toString("utf8", start, nl), start, end: nl + 1, n };
    start = nl + 1;
    n++;
  }
  if (start < buf.length) yield { text: buf.toString("utf8", start), start, end: -1, n };
}

function parseJson(text: string, file: string, n: number): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new FileProblem(file, n, `expected a header or trailer object, got ${text.slice(0, 80)}`);
}

/**
 * Reads a whole snapshot: header, one entry per line, trailer with the entry count and CRC-32.
 * Any defect (a torn end, a bad line, a count or checksum mismatch) is a {@link FileProblem}.
 */
export function readSnapshot(
  buf: Buffer,
  file: string,
  seq: number,
): { header: SnapshotHeader; entries: Entry[] } {
  const entries: Entry[] = [];
  let header: SnapshotHeader | null = null;
  let bodyStart = 0;
  for (const line of lines(buf)) {
    if (line.end < 0)
      throw new FileProblem(file, line.n, "the file ends in the middle of a line (truncated)");
    if (!header) {
      const h = parseJson(line.text, file, line.n);
      if (h["actorState"] !== "snapshot" || h["format"] !== 1 || h["seq"] !== seq)
        throw new FileProblem(file, line.n, `not a format-1 snapshot of generation ${seq}`);
      header = h as unknown as SnapshotHeader;
      bodyStart = line.end;
      continue;
    }
    if (line.text.startsWith("{")) {
      const t = parseJson(line.text, file, line.n) as unknown as SnapshotTrailer;
      if (t.end !== entries.length)
        throw new FileProblem(
          file,
          line.n,
          `trailer counts ${t.end} entries, found ${entries.length}`,
        );
      if (t.crc32 !== crc32(buf.subarray(bodyStart, line.start)))
        throw new FileProblem(
          file,
          line.n,
          "checksum mismatch: the entries were changed or damaged",
        );
      if (line.end !== buf.length)
        throw new FileProblem(file, line.n + 1, "unexpected data after the trailer");
      return { header, entries };
    }
    try {
      entries.push(decodeEntry(line.text));
    } catch (error) {
      if (error instanceof LineError) throw new FileProblem(file, line.n, error.message);
      throw error;
    }
  }
  const last = buf.length === 0 ? 1 : buf.toString("utf8").split("\n").length;
  throw new FileProblem(file, last, "the snapshot has no trailer (truncated)");
}

/** What reading a journal found. */
export interface JournalRead {
  /** Entries of complete, checksummed batches, in order. */
  entries: Entry[];
  /** Lines after the last complete batch (a write cut short): dropped. */
  tail: { fromLine: number; lines: number; bytes: number } | null;
  /** Bad lines inside complete batches (only collected with `repair`; otherwise thrown). */
  damaged: FileProblem[];
  /** Where the last complete batch ends (0 when the header itself is incomplete). */
  end: number;
  /** The file's size. */
  size: number;
}

/**
 * Reads a journal: header, then batches of entry lines each closed by a commit line
 * `["c", bytes, crc32]`. Lines after the last commit line are a torn tail (a crash during that
 * write; never acknowledged) and are returned as `tail`. A bad line or checksum inside a committed
 * batch is corruption: a {@link FileProblem}, or with `repair` collected in `damaged` while every
 * readable line is kept.
 */
export function readJournal(buf: Buffer, file: string, seq: number, repair: boolean): JournalRead {
  const out: JournalRead = { entries: [], tail: null, damaged: [], end: 0, size: buf.length };
  let headerSeen = false;
  let batchStart = 0;
  let batchFirstLine = 2;
  let pending: Entry[] = [];
  let bad: FileProblem[] = [];
  for (const line of lines(buf)) {
    if (line.end < 0) break; // torn: handled as tail below
    if (!headerSeen) {
      const h = parseJson(line.text, file, line.n);
      if (h["actorState"] !== "journal" || h["format"] !== 1 || h["seq"] !== seq)
        throw new FileProblem(file, line.n, `not a format-1 journal of generation ${seq}`);
      headerSeen = true;
      batchStart = line.end;
      batchFirstLine = line.n + 1;
      continue;
    }
    const commit = /^\["c",(\d+),(\d+)\]$/.exec(line.text);
    if (commit) {
      const body = buf.subarray(batchStart, line.start);
      const intact = Number(commit[1]) === body.length && Number(commit[2]) === crc32(body);
      if (!intact)
        bad.unshift(
          new FileProblem(
            file,
            batchFirstLine,
            `checksum mismatch in the batch of lines ${batchFirstLine}–${line.n - 1}`,
          ),
        );
      if (bad.length > 0 && !repair) throw bad[0]!;
      out.damaged.push(...bad);
      out.entries.push(...pending);
      pending = [];
      bad = [];
      batchStart = line.end;
      batchFirstLine = line.n + 1;
      continue;
    }
    try {
      pending.push(decodeEntry(line.text));
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      bad.push(new FileProblem(file, line.n, error.message));
    }
  }
  if (!headerSeen && buf.length > 0 && buf.indexOf(10) >= 0)
    throw new FileProblem(file, 1, "no journal header");
  out.end = batchStart;
  if (batchStart < buf.length) {
    const rest = buf.subarray(batchStart);
    const count = rest
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "").length;
    out.tail = { fromLine: headerSeen ? batchFirstLine : 1, lines: count, bytes: rest.length };
  }
  return out;
}
