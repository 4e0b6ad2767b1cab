import { sql } from "kysely";
import type { SqlContext } from "../tables.js";

/** One execution record to insert, ready for parameters. */
export interface ExecutionWrite {
  taskId: string;
  actorName: string;
  scheduledFor: Date;
  startedAt: Date;
  completedAt: Date | null;
  status: string;
  attempt: number;
  errorCode: string | null;
  errorMessage: string | null;
  skillsSucceeded: number;
  skillsFailed: number;
  skillsSkipped: number;
  instanceId: string;
  metadataJson: string;
}

/**
 * Inserts many execution records in one statement (batched `ExecutionLog.start`) and returns their
 * ids in input order: ids are drawn from the sequence beside each input row, so the answer does
 * not rely on the order of `RETURNING`.
 */
export async function startExecutions(
  { db, t }: SqlContext,
  records: readonly ExecutionWrite[],
): Promise<string[]> {
  const col = <K extends keyof ExecutionWrite>(key: K) => records.map((r) => r[key]);
  // Ordered by the input position as a number (an output column named `ord` cast to text would
  // sort "10" before "2" and hand batches of ten or more the wrong ids).
  const { rows } = await sql<{ id: string }>`
    WITH v AS (
      SELECT nextval(${t.executionSequence}::regclass) AS id, v.*
      FROM unnest(${col("taskId")}::text[], ${col("actorName")}::text[],
        ${col("scheduledFor")}::timestamptz[], ${col("startedAt")}::timestamptz[],
        ${col("completedAt")}::timestamptz[], ${col("status")}::text[], ${col("attempt")}::int[],
        ${col("errorCode")}::text[], ${col("errorMessage")}::text[],
        ${col("skillsSucceeded")}::int[], ${col("skillsFailed")}::int[],
        ${col("skillsSkipped")}::int[], ${col("instanceId")}::text[], ${col("metadataJson")}::text[])
        WITH ORDINALITY AS v(task_id, actor_name, scheduled_for, started_at, completed_at, status,
          attempt, error_code, error_message, skills_succeeded, skills_failed, skills_skipped,
          instance_id, metadata, ord)
    ), inserted AS (
      INSERT INTO ${t.executions} (id, task_id, actor_name, scheduled_for, started_at, completed_at,
        status, success, attempt, error_code, error_message, skills_succeeded, skills_failed,
        skills_skipped, instance_id, metadata)
      SELECT id, task_id, actor_name, scheduled_for, started_at, completed_at, status,
        status = 'succeeded', attempt, error_code, error_message, skills_succeeded, skills_failed,
        skills_skipped, instance_id, metadata::jsonb
      FROM v
    )
    SELECT v.id::text AS id FROM v ORDER BY v.ord
  `.execute(db);
  return rows.map((row) => row.id);
}
