import { crc32 } from "node:zlib";
import { ActorError } from "@actor/core";
import { fsCall, O_DSYNC } from "./fs-calls.js";

/** The entries of one write, answered together once they are on disk. */
interface Batch {
  lines: string[];
  /** Entries in `lines` (an element may hold several lines that must be stored together). */
  entries: number;
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The line that closes a batch: its byte length and CRC-32 (see `recovery.ts`). */
export function commitLine(body: Buffer): string {
  return `["c",${body.length},${crc32(body)}]\n`;
}

/** The bytes of one batch: its lines, then the commit line over them, in one buffer. */
function batchBytes(lines: readonly string[]): Buffer {
  const text = `${lines.join("\n")}\n`;
  const size = Buffer.byteLength(text);
  // The commit line is at most 3 + 16 (length) + 10 (CRC) + 3 bytes.
  const data = Buffer.allocUnsafe(size + 40);
  data.write(text, 0, size);
  const body = data.subarray(0, size);
  const written = size + data.write(commitLine(body), size, "latin1");
  return data.subarray(0, written);
}

/**
 * The append-only journal with group commit. Lines appended while a write is in flight wait for it
 * and then go out together: one synchronous-data write per batch (the file is opened with
 * `O_DSYNC`, or the write is followed by `fdatasync` where that flag is missing), however many
 * callers are waiting, and no caller's promise resolves before its line is on disk. Each batch ends with a
 * commit line (byte count + CRC-32), so a batch cut short by a crash is recognised and dropped at
 * load. A write or sync error fails the journal for good: every waiting and later append rejects
 * with `ActorError("unavailable")` (the state in memory may be ahead of the disk; reopen the store).
 */
export class Journal {
  #fd: number;
  #path: string;
  #bytes: number;
  #collecting: Batch | null = null;
  #last: Promise<void> = Promise.resolve();
  #flushing = false;
  #failure: ActorError | null = null;
  /** Work to run between two batches (a switch to a new file), then cleared. */
  #between: (() => Promise<void>)[] = [];
  #idle: (() => void)[] = [];
  /** Batches written (each one synced write), lines in them, bytes written. */
  readonly stats = { batches: 0, lines: 0, bytes: 0 };
  /** Called after each batch with the current file size. */
  onBatch: (bytes: number) => void = () => {};

  constructor(fd: number, path: string, bytes: number) {
    this.#fd = fd;
    this.#path = path;
    this.#bytes = bytes;
  }

  get path(): string {
    return this.#path;
  }

  /** The error that failed the journal, or null. */
  get failure(): ActorError | null {
    return this.#failure;
  }

  /**
   * Queues `line`; resolves once it (and its whole batch) is on disk. `line` may hold `entries`
   * lines joined by `\n`: they go into the same batch, so they are kept or lost together.
   */
  append(line: string, entries = 1): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    let batch = this.#collecting;
    if (!batch) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      batch = { lines: [], entries: 0, promise, resolve, reject };
      this.#collecting = batch;
      this.#last = promise;
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    }
    batch.lines.push(line);
    batch.entries += entries;
    return batch.promise;
  }

  /** Resolves once every line appended so far is on disk (rejects if the journal failed). */
  barrier(): Promise<void> {
    return this.#failure ? Promise.reject(this.#failure) : this.#last;
  }

  /**
   * Runs `work` between two batches (at once when idle): batches written after it go wherever it
   * pointed the journal (see {@link switchTo}).
   */
  between(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#between.push(() => work().then(resolve, reject));
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  /** Points later batches at another open file (call inside {@link between}). Returns the old fd. */
  switchTo(fd: number, path: string, bytes: number): number {
    const old = this.#fd;
    this.#fd = fd;
    this.#path = path;
    this.#bytes = bytes;
    return old;
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.#flushing) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Waits for the queue to drain and closes the file. */
  async close(): Promise<void> {
    await this.idle();
    await fsCall.close(this.#fd);
  }

  async #flush(): Promise<void> {
    for (;;) {
      const work = this.#between.shift();
      if (work) {
        await work().catch(() => {});
        continue;
      }
      const batch = this.#collecting;
      if (!batch) break;
      this.#collecting = null;
      if (this.#failure) {
        batch.reject(this.#failure);
        continue;
      }
      try {
        const data = batchBytes(batch.lines);
        // The journal is opened with O_DSYNC: the write returns once the data is on disk.
        await fsCall.writeAll(this.#fd, data);
        if (O_DSYNC === undefined) await fsCall.fdatasync(this.#fd);
        this.#bytes += data.length;
        this.stats.batches++;
        this.stats.lines += batch.entries;
        this.stats.bytes += data.length;
        batch.resolve();
      } catch (error) {
        this.#failure = new ActorError(
          "unavailable",
          `cannot write the journal ${this.#path}: ${(error as Error).message}; ` +
            "the store accepts no more writes: fix the cause and reopen it (nothing acknowledged was lost)",
          { cause: error, context: { file: this.#path } },
        );
        batch.reject(this.#failure);
        continue;
      }
      this.onBatch(this.#bytes);
    }
    this.#flushing = false;
    const waiters = this.#idle;
    this.#idle = [];
    for (const resolve of waiters) resolve();
  }
}
