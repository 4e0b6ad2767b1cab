import { sql } from "kysely";
import { prepared } from "../connection.js";
import type { SqlContext } from "../tables.js";
import { JsonRows } from "./json-rows.js";

/** One lease to give up: the task and the owner that holds it. */
export interface ReleaseRequest {
  taskId: string;
  owner: string;
}

const released = new JsonRows([
  ["task_id", "text"],
  ["owner", "text"],
]);

/**
 * Releases many leases in one statement (batched `TaskLeaser.release`, owners may differ). A lease
 * held by someone else is left alone. Rows are locked in task-id order.
 */
export async function releaseLeases(
  { db, t }: SqlContext,
  releases: readonly ReleaseRequest[],
): Promise<void> {
  await sql`${prepared}
    WITH gone AS (
      SELECT s.task_id FROM ${t.state} s
      JOIN ${released.from(
        "r",
        releases.map((r) => ({ task_id: r.taskId, owner: r.owner })),
      )} ON r.task_id = s.task_id AND s.lease_owner = r.owner
      ORDER BY s.task_id
      FOR UPDATE OF s
    )
    UPDATE ${t.state} s SET lease_owner = NULL, lease_expires_at = NULL
    FROM gone WHERE s.task_id = gone.task_id
  `.execute(db);
}

/**
 * Gives up `owner`'s leases among `taskIds` in one statement, for a long list (shutdown hands
 * over every task id it knows): ids go as one array and only rows this owner holds are locked
 * (in task-id order) and written, so the cost follows the leases held rather than the ids.
 */
export async function releaseOwned(
  { db, t }: SqlContext,
  owner: string,
  taskIds: readonly string[],
): Promise<void> {
  await sql`
    WITH gone AS (
      SELECT task_id FROM ${t.state}
      WHERE task_id = ANY(${taskIds.filter((id) => !String(id).includes("\u0000"))}::text[])
        AND lease_owner = ${owner}
      ORDER BY task_id
      FOR UPDATE
    )
    UPDATE ${t.state} s SET lease_owner = NULL, lease_expires_at = NULL
    FROM gone WHERE s.task_id = gone.task_id AND s.lease_owner = ${owner}
  `.execute(db);
}
