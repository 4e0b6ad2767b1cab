import type { ScheduledActorServer } from "@actor/runtime";
import type { LoggerSlice } from "../observe/logger.js";
import type { ServerMetrics } from "../observe/metrics.js";

/**
 * Logs every run (task, slot, attempt, status, duration, error) and engine event, and feeds the
 * metrics. Returns a function that stops listening.
 */
export function observeServer(
  server: ScheduledActorServer,
  logger: LoggerSlice,
  metrics: ServerMetrics,
): () => void {
  const offs = [
    server.on("run:start", (e) =>
      logger.debug(
        {
          task: e.taskId,
          actor: e.actorName,
          slot: e.scheduledFor,
          attempt: e.attempt,
          trigger: e.trigger,
        },
        "run started",
      ),
    ),
    server.on("run:finish", (e) => {
      metrics.runFinished(e);
      const fields = {
        task: e.taskId,
        actor: e.actorName,
        slot: e.scheduledFor,
        attempt: e.attempt,
        trigger: e.trigger,
        status: e.status,
        durationMs: e.durationMs,
        ...(e.record.errorCode === null
          ? {}
          : { errorCode: e.record.errorCode, error: e.record.errorMessage }),
      };
      if (e.status === "succeeded") logger.info(fields, "run finished");
      else logger.warn(fields, "run finished");
    }),
    server.on("run:skip", (e) => {
      metrics.runSkipped(e);
      logger.info(
        { task: e.taskId, actor: e.actorName, slot: e.scheduledFor, reason: e.reason },
        "slot skipped",
      );
    }),
    server.on("task:paused", (e) =>
      logger.warn({ task: e.taskId, reason: e.reason }, "task paused"),
    ),
    server.on("circuit:open", (a) =>
      logger.error(
        { task: a.taskId, actor: a.actorName, failures: a.consecutiveFailures, error: a.lastError },
        "circuit open: task paused until resumed",
      ),
    ),
    server.on("misfire", (e) =>
      logger.warn(
        { task: e.taskId, missedFrom: e.missedFrom, policy: e.policy, catchUp: e.slots.length },
        "missed slots",
      ),
    ),
    server.on("late", (e) =>
      logger.warn({ expectedAt: e.expectedAt, lateMs: e.lateMs }, "timer woke up late"),
    ),
    server.on("error", (e) =>
      logger.error(
        { operation: e.operation, task: e.taskId, code: e.error.code, error: e.error.message },
        "engine error",
      ),
    ),
  ];
  return () => offs.forEach((off) => off());
}
