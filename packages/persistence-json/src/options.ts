import { systemClock, type Clock } from "@actor/core";

/**
 * The slice of a logger the store uses: pino's `(object, message)` call shape, so a pino logger (or
 * a child of one) plugs in as is.
 */
export interface StoreLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link JsonStatePersistence.open}. Only `directory` is needed. */
export interface JsonStoreOptions {
  /** The data directory; created when missing. Default `./.actor-state`. */
  directory?: string;
  /** Stamps `TaskState.updatedAt`. Default: the system clock. */
  clock?: Clock;
  /** Where warnings (torn journal tail, stale lock taken over) and errors go. Default: stderr. */
  logger?: StoreLogger;
  /**
   * The journal is compacted into a new snapshot once it holds more than this many bytes and more
   * than twice the size of the last snapshot. Default 8 MiB.
   */
  compactAfterBytes?: number;
  /**
   * Open a directory whose journal has an unreadable line before its end: the journal is renamed
   * aside (`<name>.corrupt-<time>`), every readable line is loaded and the unreadable ones are
   * reported and lost. Default false: such a directory is refused with an error naming the file
   * and the line, and nothing is changed.
   */
  repair?: boolean;
  /** Identifies this process in the lock file. Default: `os.hostname()`. */
  host?: string;
}

/** {@link JsonStoreOptions} with every default applied. */
export type ResolvedJsonStoreOptions = Required<JsonStoreOptions>;

/**
 * A logger writing warnings and errors to stderr as one line each (`[actor-state] message {…}`);
 * info messages are dropped.
 */
export const stderrLogger: StoreLogger = {
  info() {},
  warn(obj, msg) {
    process.stderr.write(`[actor-state] warning: ${msg} ${JSON.stringify(obj)}\n`);
  },
  error(obj, msg) {
    process.stderr.write(`[actor-state] error: ${msg} ${JSON.stringify(obj)}\n`);
  },
};

/** The defaults of {@link JsonStoreOptions}, merged under the caller's options. */
export const DEFAULT_JSON_STORE_OPTIONS = {
  directory: "./.actor-state",
  clock: systemClock,
  logger: stderrLogger,
  compactAfterBytes: 8 * 1024 * 1024,
  repair: false,
  host: "",
} satisfies ResolvedJsonStoreOptions;
