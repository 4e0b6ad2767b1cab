import { sql } from "kysely";
import type { SqlContext } from "../tables.js";
import type { LeaseRow } from "./claim-tasks.js";

/**
 * Claims up to `limit` due tasks for `owner` in one statement: runnable tasks with `next_run <=
 * now` whose lease is free, expired or the owner's, in `next_run` order, skipping rows another
 * claimant has locked (`FOR UPDATE SKIP LOCKED`). The limit is inlined as a literal so the plan is
 * never a generic one that scans the whole table.
 */
export async function claimDue(
  { db, t }: SqlContext,
  owner: string,
  now: Date,
  expiresAt: Date,
  limit: number,
): Promise<(LeaseRow & { next_run: Date })[]> {
  const { rows } = await sql<LeaseRow & { next_run: Date }>`
    WITH due AS (
      SELECT task_id FROM ${t.state}
      WHERE active AND NOT is_paused AND NOT completed
        AND next_run IS NOT NULL AND next_run <= ${now}
        AND (lease_owner IS NULL OR lease_owner = ${owner} OR lease_expires_at <= ${now})
      ORDER BY next_run, task_id
      LIMIT ${sql.lit(Math.trunc(limit))}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${t.state} s SET lease_owner = ${owner}, lease_expires_at = ${expiresAt}
    FROM due WHERE s.task_id = due.task_id
    RETURNING s.task_id, s.lease_owner, s.lease_expires_at, s.next_run
  `.execute(db);
  return rows.sort(
    (a, b) =>
      a.next_run.getTime() - b.next_run.getTime() ||
      (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0),
  );
}
