import { sql } from "kysely";
import { EXECUTION_COLUMNS, type ExecutionRow } from "../rows.js";
import type { SqlContext } from "../tables.js";

/** A task's records, newest `started_at` first (then the later id), optionally before an instant. */
export async function history(
  { db, schema }: SqlContext,
  taskId: string,
  limit: number,
  before: Date | null,
): Promise<ExecutionRow[]> {
  let query = db
    .withSchema(schema)
    .selectFrom("actor_server_executions")
    .select(EXECUTION_COLUMNS)
    .where("task_id", "=", taskId)
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  if (before) query = query.where("started_at", "<", before);
  return (await query.execute()) as ExecutionRow[];
}

/** Every record still `running`, oldest first (crash recovery). */
export async function runningExecutions({ db, schema }: SqlContext): Promise<ExecutionRow[]> {
  return (await db
    .withSchema(schema)
    .selectFrom("actor_server_executions")
    .select(EXECUTION_COLUMNS)
    .where("status", "=", "running")
    .orderBy("started_at", "asc")
    .orderBy("id", "asc")
    .execute()) as ExecutionRow[];
}

/**
 * Deletes final records started before `olderThan` or beyond the newest `maxPerTask` final records
 * of their task, in one statement; returns how many went. Running records are never touched.
 */
export async function pruneExecutions(
  { db, t }: SqlContext,
  olderThan: Date | null,
  maxPerTask: number | null,
): Promise<number> {
  if (olderThan === null && maxPerTask === null) return 0;
  const byAge = olderThan === null ? sql`FALSE` : sql`e.started_at < ${olderThan}`;
  const byCount =
    maxPerTask === null
      ? sql`FALSE`
      : sql`e.id IN (
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY task_id ORDER BY started_at DESC, id DESC) AS n
            FROM ${t.executions} WHERE status <> 'running'
          ) ranked WHERE n > ${maxPerTask}
        )`;
  const result = await sql`
    DELETE FROM ${t.executions} e WHERE e.status <> 'running' AND (${byAge} OR ${byCount})
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
