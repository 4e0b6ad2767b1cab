/**
 * Where a run reports what happens: the slice of a pino logger the engine uses (`pino()` or a
 * child logger fits as it is). Each method takes an object of fields and a message. A run reads
 * the server's logger as `ctx.logger`.
 *
 * @example
 * ```ts
 * ctx.logger?.info({ taskId: ctx.taskId, items: 3 }, "picked the morning items");
 * ```
 */
export interface RunLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}
