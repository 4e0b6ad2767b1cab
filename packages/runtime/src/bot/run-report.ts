import type { ScheduledActorServer } from "../server.js";

/**
 * Where the short form writes what happens: failures, pauses and engine errors on `error`, the
 * one-time store warning on `warn`, start and stop on `info`. `console` fits, and so does a pino
 * logger.
 */
export interface BotLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Prints every failed, timed-out or interrupted run (task, slot, attempt, error code and message),
 * every pause and every engine error, so nothing fails silently. Returns a function that stops
 * listening.
 *
 * @example
 * ```ts
 * const stop = reportRuns(server, console);
 * ```
 */
export function reportRuns(server: ScheduledActorServer, logger: BotLogger): () => void {
  const offs = [
    server.on("run:finish", (e) => {
      if (e.status === "succeeded") return;
      const { errorCode, errorMessage } = e.record;
      const why = errorMessage ? `: ${errorCode ?? "error"}: ${errorMessage}` : "";
      logger.error(
        `actor: task "${e.taskId}" ${e.status} (slot ${e.scheduledFor.toISOString()}, attempt ${e.attempt})${why}`,
      );
    }),
    server.on("task:paused", (e) => {
      if (e.reason !== "manual") {
        logger.error(
          `actor: task "${e.taskId}" paused (${e.reason}); it runs again only after resumeTask("${e.taskId}")`,
        );
      }
    }),
    server.on("error", (e) =>
      logger.error(
        `actor: ${e.operation}${e.taskId ? ` (task "${e.taskId}")` : ""} failed: ${e.error.message}`,
      ),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
