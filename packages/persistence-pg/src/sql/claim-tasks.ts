import { sql } from "kysely";
import { STATE_COLUMNS, type StateRow } from "../rows.js";
import { prepared } from "../connection.js";
import type { SqlContext } from "../tables.js";
import { instantText, JsonRows } from "./json-rows.js";

/** One claim of a named task by an owner. */
export interface ClaimRequest {
  taskId: string;
  owner: string;
  now: Date;
  expiresAt: Date;
}

/** A lease row won by a claim. */
export interface LeaseRow {
  task_id: string;
  lease_owner: string;
  lease_expires_at: Date;
}

/** A won claim with the task's state as the claim read it. */
export type ClaimedRow = LeaseRow & StateRow;

/** The state row's columns, as `s.<column>`: what a claim returns beside the lease. */
export const stateColumns = sql.raw(STATE_COLUMNS.map((c) => `s.${c}`).join(", "));

/** The columns of a claim in a batch's `json` rows (begin adds its record's). */
export const CLAIM_COLUMNS = [
  ["task_id", "text"],
  ["owner", "text"],
  ["now", "timestamptz"],
  ["expires_at", "timestamptz"],
] as const;

/** A claim as a row of {@link CLAIM_COLUMNS}. */
export function claimRow(taskId: string, owner: string, now: Date, expiresAt: Date) {
  return { task_id: taskId, owner, now: instantText(now), expires_at: instantText(expiresAt) };
}

/**
 * The claim rule, for a state row `s` and a wanted row `w` (`owner`, `now`): the task is runnable
 * and its lease is free, expired or already `w.owner`'s. Rows are locked in task-id order, skipping
 * rows another transaction has locked.
 */
export const claimable = sql`s.active AND NOT s.is_paused AND NOT s.completed
        AND (s.lease_owner IS NULL OR s.lease_owner = w.owner OR s.lease_expires_at <= w.now)
      ORDER BY s.task_id
      FOR UPDATE OF s SKIP LOCKED`;

const wanted = new JsonRows(CLAIM_COLUMNS);

/**
 * Claims many named tasks in one statement (batched `TaskLeaser.claim`, owners may differ): each
 * is won if it is runnable (active, not paused, not completed) and its lease is free, expired or
 * already the claimant's. Rows are locked in task-id order, skipping rows another transaction has
 * locked (`FOR UPDATE SKIP LOCKED`: that claimant or the lease holder saving is about to own it),
 * so two claimants never both win and never wait on each other. Returns each won row with the
 * task's state as of the claim.
 */
export async function claimTasks(
  { db, t }: SqlContext,
  claims: readonly ClaimRequest[],
): Promise<ClaimedRow[]> {
  const { rows } = await sql<ClaimedRow>`${prepared}
    WITH wanted AS (
      SELECT * FROM ${wanted.from(
        "w",
        claims.map((c) => claimRow(c.taskId, c.owner, c.now, c.expiresAt)),
      )}
    ), won AS (
      SELECT s.task_id, w.owner, w.expires_at
      FROM ${t.state} s JOIN wanted w ON w.task_id = s.task_id
      WHERE ${claimable}
    )
    UPDATE ${t.state} s SET lease_owner = won.owner, lease_expires_at = won.expires_at
    FROM won WHERE s.task_id = won.task_id
    RETURNING s.lease_owner, s.lease_expires_at, ${stateColumns}
  `.execute(db);
  return rows;
}
