import { close, constants, fdatasync, fsync, ftruncate, open, write, type PathLike } from "node:fs";

/**
 * `O_DSYNC` where the platform has it: every `write` to a journal opened with it returns only once
 * the data (and the file size) are on stable storage, as a `write` followed by `fdatasync` would,
 * in one system call and one trip to the thread pool. Elsewhere (Windows) the journal syncs
 * with an explicit `fdatasync` after each write.
 */
export const O_DSYNC: number | undefined = constants.O_DSYNC;

/** Flags of a journal: created new (`wx`) or appended to (`a`), synchronous data writes. */
export function journalFlags(create: boolean): number {
  const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL } = constants;
  return O_WRONLY | O_APPEND | (create ? O_CREAT | O_EXCL : 0) | (O_DSYNC ?? 0);
}

/**
 * The few `node:fs` calls of the write path as promises over the callback API: it allocates less
 * per call than `fs.promises`, which matters at tens of thousands of journal writes a second.
 */
export const fsCall = {
  open(path: PathLike, flags: string | number): Promise<number> {
    return new Promise((resolve, reject) =>
      open(path, flags, 0o644, (e, fd) => (e ? reject(e) : resolve(fd))),
    );
  },
  /** Writes all of `data` at the end (or at the file position), looping over short writes. */
  async writeAll(fd: number, data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      offset += await new Promise<number>((resolve, reject) =>
        write(fd, data, offset, data.length - offset, null, (e, n) => (e ? reject(e) : resolve(n))),
      );
    }
  },
  fdatasync(fd: number): Promise<void> {
    return new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  },
  fsync(fd: number): Promise<void> {
    return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  },
  truncate(fd: number, length: number): Promise<void> {
    return new Promise((resolve, reject) =>
      ftruncate(fd, length, (e) => (e ? reject(e) : resolve())),
    );
  },
  close(fd: number): Promise<void> {
    return new Promise((resolve, reject) => close(fd, (e) => (e ? reject(e) : resolve())));
  },
};

/** Makes the directory's entries (created, renamed or removed files) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const fd = await fsCall.open(dir, "r");
  try {
    await fsCall.fsync(fd);
  } finally {
    await fsCall.close(fd);
  }
}
