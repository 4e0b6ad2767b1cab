import { sql } from "kysely";
import { prepared } from "../connection.js";
import type { SqlContext } from "../tables.js";
import { instantText, JsonRows } from "./json-rows.js";

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

const started = new JsonRows(
  [
    ["task_id", "text"],
    ["actor_name", "text"],
    ["scheduled_for", "timestamptz"],
    ["started_at", "timestamptz"],
    ["completed_at", "timestamptz"],
    ["status", "text"],
    ["attempt", "int"],
    ["error_code", "text"],
    ["error_message", "text"],
    ["skills_succeeded", "int"],
    ["skills_failed", "int"],
    ["skills_skipped", "int"],
    ["instance_id", "text"],
    ["metadata", "text"],
  ],
  true,
);

/**
 * Inserts many execution records in one statement (batched `ExecutionLog.start`) and returns their
 * ids in input order: ids are drawn from the sequence beside each input row, so the answer does
 * not rely on the order of `RETURNING`.
 */
export async function startExecutions(
  { db, t }: SqlContext,
  records: readonly ExecutionWrite[],
): Promise<string[]> {
  // Ordered by the input position as a number (an output column named `ord` cast to text would
  // sort "10" before "2" and hand batches of ten or more the wrong ids).
  const { rows } = await sql<{ id: string }>`${prepared}
    WITH v AS (
      SELECT nextval(${t.executionSequence}::regclass) AS id, v.*
      FROM ${started.from(
        "v",
        records.map((r) => ({
          task_id: r.taskId,
          actor_name: r.actorName,
          scheduled_for: instantText(r.scheduledFor),
          started_at: instantText(r.startedAt),
          completed_at: instantText(r.completedAt),
          status: r.status,
          attempt: r.attempt,
          error_code: r.errorCode,
          error_message: r.errorMessage,
          skills_succeeded: r.skillsSucceeded,
          skills_failed: r.skillsFailed,
          skills_skipped: r.skillsSkipped,
          instance_id: r.instanceId,
          metadata: r.metadataJson,
        })),
      )}
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
