import { destination, pino, type Logger } from "pino";
import pretty from "pino-pretty";
import { redactDeep } from "./redactor.js";

/** The slice of a pino logger the runtime and the server use. */
export interface LoggerSlice {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: string;
  redact: (text: string) => string;
  /** Human-readable lines instead of JSON. Default: whether stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go. Default: standard output. */
  stream?: NodeJS.WritableStream;
}

/**
 * A pino logger: JSON lines (one object per line) by default, human-readable through pino-pretty
 * when stdout is a terminal. Every message and field passes through `redact`, and the usual secret
 * keys (`token`, `password`, `authorization`, `url` of webhooks) are censored by path as well.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "info", redact: createRedactor([token]) });
 * log.info({ task: "daily", status: "succeeded", durationMs: 12 }, "run finished");
 * ```
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const stream =
    options.stream ??
    (usePretty
      ? pretty({
          colorize: true,
          sync: true,
          singleLine: true,
          translateTime: "SYS:HH:MM:ss",
          ignore: "pid,hostname",
        })
      : destination({ sync: true }));
  const { redact } = options;
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: {
        paths: [
          "token",
          "*.token",
          "password",
          "*.password",
          "authorization",
          "*.authorization",
          "headers.authorization",
        ],
        censor: "[redacted]",
      },
      formatters: { log: (obj) => redactDeep(obj, redact) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === "string" ? redact(a) : a)) as typeof args;
          method.apply(this, redacted);
        },
      },
    },
    stream,
  );
}
