import { ActorError, type HistoryQuery, type TaskStatus } from "@actor/core";
import type { ServerProcess } from "../app/server-process.js";

/** A task as the API shows it: its status plus who holds its lease. */
export type TaskView = TaskStatus & {
  /** The instance running it now (this one when `running`), or null. */
  leaseHolder: string | null;
  /** The instance that ran its latest execution. */
  lastInstance: string | null;
};

/**
 * Adds the lease holder to a task status: this instance while it runs the task here, else the
 * instance of a still-`running` latest execution (another instance holds it), else nobody.
 */
export async function taskView(status: TaskStatus, proc: ServerProcess): Promise<TaskView> {
  const [latest] = await proc.store.history(status.taskId, { limit: 1 });
  const holder = status.running
    ? proc.server.instanceId
    : latest?.status === "running"
      ? latest.instanceId
      : null;
  return { ...status, leaseHolder: holder, lastInstance: latest?.instanceId ?? null };
}

/** Parses `?limit=&before=` of the history endpoint; a bad value is a `validation` error (400). */
export function historyQuery(params: URLSearchParams): HistoryQuery {
  const query: HistoryQuery = { limit: 50 };
  const limit = params.get("limit");
  if (limit !== null) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > 1000)
      throw new ActorError(
        "validation",
        `limit must be a whole number from 1 to 1000, got ${JSON.stringify(limit)}`,
      );
    query.limit = n;
  }
  const before = params.get("before");
  if (before !== null) {
    const date = new Date(before);
    if (before.trim() === "" || Number.isNaN(date.getTime()))
      throw new ActorError(
        "validation",
        `before must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(before)}`,
      );
    query.before = date;
  }
  for (const key of params.keys()) {
    if (key !== "limit" && key !== "before")
      throw new ActorError(
        "validation",
        `unknown query parameter "${key}" (accepted: limit, before)`,
      );
  }
  return query;
}
