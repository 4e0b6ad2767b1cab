import { join } from "node:path";

/** The kinds of file in a data directory. */
export type FileKind = "snapshot" | "journal";

const NAME = /^(snapshot|journal)-(\d{8,})\.jsonl$/;

/**
 * File names of generation `seq`: `snapshot-00000007.jsonl` (the state when generation 7 began)
 * and `journal-00000007.jsonl` (every change since).
 */
export function fileName(kind: FileKind, seq: number): string {
  return `${kind}-${String(seq).padStart(8, "0")}.jsonl`;
}

/** The kind and generation of a data file name, or null for any other name. */
export function parseFileName(name: string): { kind: FileKind; seq: number } | null {
  const m = NAME.exec(name);
  return m ? { kind: m[1] as FileKind, seq: Number(m[2]) } : null;
}

/** Paths inside one data directory. */
export class DataFiles {
  constructor(readonly directory: string) {}
  path(kind: FileKind, seq: number): string {
    return join(this.directory, fileName(kind, seq));
  }
  get lock(): string {
    return join(this.directory, "lock");
  }
  /** Where a bad file is kept: `<name>.corrupt-<UTC time>`. */
  asideName(path: string, now: Date): string {
    return `${path}.corrupt-${now.toISOString().replace(/[:.]/g, "-")}`;
  }
}

/** The first line of a snapshot. */
export interface SnapshotHeader {
  actorState: "snapshot";
  format: 1;
  seq: number;
  nextExecutionId: number;
  createdAt: string;
}

/** The first line of a journal. */
export interface JournalHeader {
  actorState: "journal";
  format: 1;
  seq: number;
}

/** The last line of a snapshot: the number of entries and the CRC-32 of their lines. */
export interface SnapshotTrailer {
  end: number;
  crc32: number;
}
