import type { ExecutionLog, ExecutionRecord } from "@actor/core";
import { attemptRecord, bareRecord, type AttemptOutcome } from "./attempt.js";

/**
 * Closes an attempt's record; never rejects. A failed write is reported and retried with the bare
 * outcome (status and error only); if that fails too, the record as it would have been is returned.
 */
export async function finishRecord(
  store: ExecutionLog,
  onError: (error: unknown, operation: string, taskId?: string) => void,
  started: ExecutionRecord,
  outcome: AttemptOutcome,
  completedAt: Date,
): Promise<ExecutionRecord> {
  try {
    return await store.finish(started.id, attemptRecord(outcome, completedAt));
  } catch (error) {
    onError(error, "record run end", started.taskId);
  }
  const bare = bareRecord(outcome, completedAt);
  try {
    return await store.finish(started.id, bare);
  } catch (error) {
    onError(error, "record run end (bare)", started.taskId);
    return {
      ...started,
      ...bare,
      errorCode: bare.errorCode ?? null,
      errorMessage: bare.errorMessage ?? null,
    };
  }
}
