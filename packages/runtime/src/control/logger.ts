/**
 * Where the engine reports what happens: the slice of a pino logger it uses (`pino()` or a child
 * logger plugs in as it is). `info`/`warn`/`error` take an object of fields and a message.
 *
 * @example
 * ```ts
 * import pino from "pino";
 * new ActorServerBuilder().store(store).options({ logger: pino() });
 * ```
 */
export interface RuntimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

/** Writes one line to stderr: `level message {fields}`. */
function line(level: string, obj: object, msg?: string): void {
  let fields = "";
  try {
    fields = JSON.stringify(obj);
  } catch {
    fields = "{}";
  }
  process.stderr.write(`[actor] ${level} ${msg ?? ""} ${fields}\n`);
}

/**
 * The default logger: warnings and errors, one line each on stderr; `info` and `debug` are
 * dropped. Pass `logger: null` to silence the engine, or a pino logger for structured output.
 */
export const stderrLogger: RuntimeLogger = Object.freeze({
  info() {},
  warn(obj: object, msg?: string) {
    line("WARN", obj, msg);
  },
  error(obj: object, msg?: string) {
    line("ERROR", obj, msg);
  },
});

/** The logger that drops everything (`logger: null`). */
export const silentLogger: RuntimeLogger = Object.freeze({
  info() {},
  warn() {},
  error() {},
});
