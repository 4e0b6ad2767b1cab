import type { ScheduledActorServer } from "@actor/runtime";
import type { LoggerSlice } from "../observe/logger.js";
import type { ServerMetrics } from "../observe/metrics.js";

/**
 * Logs every run (task, slot, attempt, trigger, status, duration, error code), every recorded
 * skip, misfire and late timer, and feeds the metrics. Failed runs, paused tasks, open circuits
 * and engine errors are logged by the runtime itself through the same logger (its `logger`
 * option). Returns a function that stops listening.
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
      logger.info(fields, "run finished");
    }),
    server.on("run:skip", (e) => {
      metrics.runSkipped(e);
      logger.info(
        { task: e.taskId, actor: e.actorName, slot: e.scheduledFor, reason: e.reason },
        "slot skipped",
      );
    }),
    server.on("misfire", (e) =>
      logger.warn(
        { task: e.taskId, missedFrom: e.missedFrom, policy: e.policy, catchUp: e.slots.length },
        "missed slots",
      ),
    ),
    server.on("late", (e) =>
      logger.warn({ expectedAt: e.expectedAt, lateMs: e.lateMs }, "timer woke up late"),
    ),
  ];
  return () => offs.forEach((off) => off());
}
