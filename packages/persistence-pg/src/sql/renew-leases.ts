import { sql } from "kysely";
import type { SqlContext } from "../tables.js";
import type { LeaseRow } from "./claim-tasks.js";

/** Extends `owner`'s unexpired leases of `taskIds` to `expiresAt`; returns the ones still held. */
export async function renewLeases(
  { db, t }: SqlContext,
  owner: string,
  taskIds: readonly string[],
  now: Date,
  expiresAt: Date,
): Promise<LeaseRow[]> {
  const { rows } = await sql<LeaseRow>`
    WITH held AS (
      SELECT task_id FROM ${t.state}
      WHERE task_id = ANY(${taskIds.filter((id) => !String(id).includes("\u0000"))}::text[]) AND lease_owner = ${owner} AND lease_expires_at > ${now}
      ORDER BY task_id
      FOR UPDATE
    )
    UPDATE ${t.state} s SET lease_expires_at = ${expiresAt}
    FROM held WHERE s.task_id = held.task_id AND s.lease_owner = ${owner}
    RETURNING s.task_id, s.lease_owner, s.lease_expires_at
  `.execute(db);
  return rows;
}
