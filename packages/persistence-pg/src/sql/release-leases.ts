import { sql } from "kysely";
import type { SqlContext } from "../tables.js";

/** One lease to give up: the task and the owner that holds it. */
export interface ReleaseRequest {
  taskId: string;
  owner: string;
}

/**
 * Releases many leases in one statement (batched `TaskLeaser.release`, owners may differ). A lease
 * held by someone else is left alone. Rows are locked in task-id order.
 */
export async function releaseLeases(
  { db, t }: SqlContext,
  releases: readonly ReleaseRequest[],
): Promise<void> {
  await sql`
    WITH gone AS (
      SELECT s.task_id FROM ${t.state} s
      JOIN unnest(${releases.map((r) => r.taskId)}::text[], ${releases.map((r) => r.owner)}::text[])
        AS r(task_id, owner) ON r.task_id = s.task_id AND s.lease_owner = r.owner
      ORDER BY s.task_id
      FOR UPDATE OF s
    )
    UPDATE ${t.state} s SET lease_owner = NULL, lease_expires_at = NULL
    FROM gone WHERE s.task_id = gone.task_id
  `.execute(db);
}
