import { sql } from "kysely";
import { EXECUTION_COLUMNS, type ExecutionRow } from "../rows.js";
import { prepared } from "../connection.js";
import type { SqlContext } from "../tables.js";
import {
  closeRunning,
  OUTCOME_COLUMNS,
  outcomeRow,
  type FinishWrite,
} from "./finish-executions.js";
import { JsonRows } from "./json-rows.js";
import { TASK_COLUMNS, taskRow, upsertTasks, type TaskWrite } from "./save-tasks.js";

/** One slot to settle: the outcome of its last record, the task's new state, the lease holder. */
export interface SettleWrite {
  finish: FinishWrite;
  task: TaskWrite;
  /** The owner whose lease on the task is given up (another owner's lease is kept). */
  owner: string;
}

/** A settled slot: the closed record and the version and stamp the state was saved with. */
export interface SettledRow extends ExecutionRow {
  state_version: number;
  state_updated_at: Date;
}

/** A record that was not running, with the task's state row as it is now (null: none). */
export interface UnsettledRow extends ExecutionRow {
  state_version: number | null;
  state_updated_at: Date | null;
}

/**
 * How each settlement went, by its index in the batch: settled, or not because its record was
 * already final (`final`, with the row) or unknown (in neither map).
 */
export interface SettleResults {
  settled: Map<number, SettledRow>;
  final: Map<number, UnsettledRow>;
}

const cols = (alias: string) => sql.raw(EXECUTION_COLUMNS.map((c) => `${alias}.${c}`).join(", "));

/** One row per slot: its outcome and its state (no column names clash), and the settling owner. */
const settlements = new JsonRows([...OUTCOME_COLUMNS, ...TASK_COLUMNS, ["owner", "text"]], true);

/**
 * Settles many slots in one statement (batched `TaskLeaser.settle`), all or nothing per slot: the
 * records still `running` are closed (as `finishExecutions` does), then exactly those slots' states
 * are saved (as `saveTasks` does: version + 1) with the lease given up where the settling owner
 * holds it. A task with no state row yet is inserted by the shared upsert. A slot whose record was
 * not running changes nothing; such slots are read by a second statement, only when there are any.
 * Task ids must be distinct within a call.
 *
 * Each slot's outcome, state and owner travel as one row, carried from CTE to CTE by `RETURNING`,
 * so every step joins one CTE to a table by its key and none joins two CTEs (whose row estimates
 * are guesses, and a nested loop over two of them is quadratic in the batch).
 *
 * Rows are locked as the other statements lock them: records in id order, then state rows in
 * task-id order. Two slots naming one record get one outcome stored and the other slot reported
 * final.
 */
export async function settleSlots(
  { db, t }: SqlContext,
  slots: readonly SettleWrite[],
): Promise<SettleResults> {
  const { rows } = await sql<SettledRow & { ord: number }>`${prepared}
    WITH v AS (
      SELECT * FROM ${settlements.from("v", slots.map(settlementRow))}
    ), ${closeRunning(t, sql`v.*, ${recordAsE}`)}, slocked AS (
      SELECT c.* FROM ${t.state} s JOIN closed c ON c.task_id = s.task_id
      ORDER BY s.task_id
      FOR UPDATE OF s
    ), updated AS (
      UPDATE ${t.state} s SET
        actor_name = c.actor_name, last_run = c.last_run, next_run = c.next_run,
        consecutive_failures = c.consecutive_failures, is_paused = c.is_paused,
        pause_reason = c.pause_reason, completed = c.completed, active = c.active,
        schedule_key = c.schedule_key, metadata = c.metadata::jsonb,
        version = s.version + 1, updated_at = c.updated_at,
        lease_owner = CASE WHEN s.lease_owner = c.owner THEN NULL ELSE s.lease_owner END,
        lease_expires_at = CASE WHEN s.lease_owner = c.owner THEN NULL ELSE s.lease_expires_at END
      FROM slocked c
      WHERE s.task_id = c.task_id
      RETURNING c.ord, ${closedRecord}, s.version AS state_version, s.updated_at AS state_updated_at
    ), inserted AS (
      ${upsertTasks(
        t,
        sql`closed AS w WHERE NOT EXISTS (SELECT 1 FROM ${t.state} x WHERE x.task_id = w.task_id)`,
      )}
    )
    SELECT * FROM updated
    UNION ALL
    SELECT c.ord, ${closedRecord}, i.version AS state_version, i.updated_at AS state_updated_at
    FROM inserted i JOIN closed c ON c.task_id = i.task_id
  `.execute(db);
  const results: SettleResults = { settled: new Map(), final: new Map() };
  for (const { ord, ...row } of rows) results.settled.set(Number(ord) - 1, row);
  // The rare slots not settled (record unknown, or already final): one more read says which.
  const rest = slots.map((_, i) => i).filter((i) => !results.settled.has(i));
  if (rest.length > 0) {
    const { rows: found } = await sql<UnsettledRow & { ord: number }>`
      SELECT r.ord, ${cols("e")}, s.version AS state_version, s.updated_at AS state_updated_at
      FROM unnest(${rest}::int[], ${rest.map((i) => slots[i]!.finish.id)}::bigint[],
        ${rest.map((i) => slots[i]!.task.taskId)}::text[]) AS r(ord, id, task_id)
      JOIN ${t.executions} e ON e.id = r.id
      LEFT JOIN ${t.state} s ON s.task_id = r.task_id
    `.execute(db);
    for (const { ord, ...row } of found) results.final.set(ord, row);
  }
  return results;
}

/** The closed record's columns as `e_<column>` (beside the settlement row's own columns). */
const recordAsE = sql.raw(EXECUTION_COLUMNS.map((c) => `e.${c} AS e_${c}`).join(", "));

/** The closed record's columns under their own names, from a row of `closed` aliased `c`. */
const closedRecord = sql.raw(EXECUTION_COLUMNS.map((c) => `c.e_${c} AS ${c}`).join(", "));

function settlementRow({ finish, task, owner }: SettleWrite): object {
  return Object.assign(outcomeRow(finish), taskRow(task), { owner });
}
