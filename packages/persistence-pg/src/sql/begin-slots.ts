import { sql } from "kysely";
import { prepared } from "../connection.js";
import { STATE_COLUMNS } from "../rows.js";
import type { SqlContext } from "../tables.js";
import { CLAIM_COLUMNS, claimable, stateColumns, type ClaimedRow } from "./claim-tasks.js";
import { instantText, JsonRows } from "./json-rows.js";
import type { ExecutionWrite } from "./start-executions.js";

/** One slot to begin: the claim of its task and the `running` record to open with it. */
export interface BeginRequest {
  owner: string;
  now: Date;
  expiresAt: Date;
  /** Open no record when the task's `last_run` is at or after the slot. */
  onlyIfNotRun: boolean;
  /** The record (status `running`); its `taskId` is the task claimed. */
  write: ExecutionWrite;
}

/** A won claim, with the task's state as the claim read it and the id of the record opened. */
export type BegunRow = ClaimedRow & { execution_id: string | null };

const wanted = new JsonRows(
  [
    ...CLAIM_COLUMNS,
    ["only_if_not_run", "bool"],
    ["actor_name", "text"],
    ["scheduled_for", "timestamptz"],
    ["started_at", "timestamptz"],
    ["attempt", "int"],
    ["instance_id", "text"],
    ["metadata", "text"],
  ],
  true,
);

/**
 * Begins many slots in one statement (batched `TaskLeaser.begin`): claims each task as
 * `claimTasks` does (runnable, lease free, expired or the claimant's; rows locked in task-id order
 * with `SKIP LOCKED`) and, for each claim won, inserts its `running` record — unless
 * `onlyIfNotRun` and the task's `last_run` is at or after the slot. One statement, one commit:
 * both or neither. Each request's fields travel from CTE to CTE through `RETURNING` (no join of
 * one CTE to another, whose row estimates would be guesses), and the record's id is drawn in the
 * claim's `RETURNING`, so the answer needs no join back to the insert.
 */
export async function beginSlots(
  { db, t }: SqlContext,
  requests: readonly BeginRequest[],
): Promise<BegunRow[]> {
  const { rows } = await sql<BegunRow>`${prepared}
    WITH won AS (
      SELECT s.task_id, w.owner, w.expires_at, w.only_if_not_run, w.actor_name, w.scheduled_for,
        w.started_at, w.attempt, w.instance_id, w.metadata
      FROM ${t.state} s
      JOIN ${wanted.from("w", requests.map(beginRow))} ON w.task_id = s.task_id
      WHERE ${claimable}
    ), claimed AS (
      UPDATE ${t.state} s SET lease_owner = won.owner, lease_expires_at = won.expires_at
      FROM won WHERE s.task_id = won.task_id
      RETURNING s.lease_owner, s.lease_expires_at, ${stateColumns},
        won.actor_name AS run_actor_name, won.scheduled_for, won.started_at, won.attempt,
        won.instance_id, won.metadata AS run_metadata,
        CASE WHEN NOT won.only_if_not_run OR s.last_run IS NULL OR s.last_run < won.scheduled_for
          THEN nextval(${t.executionSequence}::regclass) END AS execution_id
    ), opened AS (
      INSERT INTO ${t.executions} (id, task_id, actor_name, scheduled_for, started_at, status,
        success, attempt, skills_succeeded, skills_failed, skills_skipped, instance_id, metadata)
      SELECT execution_id, task_id, run_actor_name, scheduled_for, started_at, 'running', false,
        attempt, 0, 0, 0, instance_id, run_metadata::jsonb
      FROM claimed WHERE execution_id IS NOT NULL
    )
    SELECT lease_owner, lease_expires_at, ${sql.raw(STATE_COLUMNS.join(", "))},
      execution_id::text AS execution_id
    FROM claimed
  `.execute(db);
  return rows;
}

/** One request as a row of `wanted`: the claim's columns (see `claimRow`), then the record's. */
function beginRow({ owner, now, expiresAt, onlyIfNotRun, write }: BeginRequest) {
  return {
    task_id: write.taskId,
    owner,
    now: instantText(now),
    expires_at: instantText(expiresAt),
    only_if_not_run: onlyIfNotRun,
    actor_name: write.actorName,
    scheduled_for: instantText(write.scheduledFor),
    started_at: instantText(write.startedAt),
    attempt: write.attempt,
    instance_id: write.instanceId,
    metadata: write.metadataJson,
  };
}
