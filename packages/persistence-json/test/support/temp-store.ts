import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { JsonStatePersistence, type JsonStoreOptions, type StoreLogger } from "../../src/index.js";

/** A logger that keeps what it was told. */
export class CollectingLogger implements StoreLogger {
  readonly lines: {
    level: "info" | "warn" | "error";
    msg: string;
    obj: Record<string, unknown>;
  }[] = [];
  info(obj: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "info", msg, obj });
  }
  warn(obj: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "warn", msg, obj });
  }
  error(obj: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "error", msg, obj });
  }
  messages(level: "info" | "warn" | "error"): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.msg);
  }
}

/**
 * A temporary data directory per test, removed afterwards with every store still open in it
 * closed first.
 */
export function useTempDirectory(): {
  dir: () => string;
  open: (options?: JsonStoreOptions) => Promise<JsonStatePersistence>;
  files: () => Promise<string[]>;
  read: (name: string) => Promise<string>;
} {
  let dir = "";
  const open: JsonStatePersistence[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = "";
  });
  return {
    dir: () => dir,
    open: async (options = {}) => {
      dir ||= await mkdtemp(join(tmpdir(), "actor-json-"));
      const store = await JsonStatePersistence.open({
        logger: new CollectingLogger(),
        ...options,
        directory: dir,
      });
      open.push(store);
      return store;
    },
    files: async () => (await readdir(dir)).sort(),
    read: (name) => readFile(join(dir, name), "utf8"),
  };
}
