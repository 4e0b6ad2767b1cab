import { sql } from "kysely";
import { EXECUTION_COLUMNS, type ExecutionRow } from "../rows.js";
import type { SqlContext } from "../tables.js";
import { closeRunning, outcomeRows, type FinishWrite } from "./finish-executions.js";
import { taskRows, upsertTasks, type TaskWrite } from "./save-tasks.js";

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

/**
 * Settles many slots in one statement (batched `TaskLeaser.settle`), all or nothing per slot: the
 * records still `running` are closed (as `finishExecutions` does), then exactly those slots' states
 * are saved (as `saveTasks` does: version + 1) with the lease given up where the settling owner
 * holds it. Existing state rows are changed by a plain `UPDATE ... FROM` (a hash join with the
 * batch: the lease test needs the owner of each row, which `ON CONFLICT DO UPDATE` cannot see
 * without a lookup per row); a task with no row yet is inserted by the shared upsert. A slot whose
 * record was not running changes nothing; such slots are read by a second statement, only when
 * there are any. Task ids must be distinct within a call.
 *
 * Rows are locked as the other statements lock them: records in id order, then state rows in
 * task-id order. The closed records are matched to their slots by position (`ord`), so two slots
 * naming one record get one outcome stored and the other slot reported final.
 */
export async function settleSlots(
  { db, t }: SqlContext,
  slots: readonly SettleWrite[],
): Promise<SettleResults> {
  const owners = slots.map((s) => s.owner);
  const { rows } = await sql<SettledRow & { ord: number }>`
    WITH v AS (
      SELECT * FROM ${outcomeRows(slots.map((s) => s.finish))}
    ), w AS (
      SELECT w.*, o.owner FROM ${taskRows(slots.map((s) => s.task))}
      JOIN unnest(${owners}::text[]) WITH ORDINALITY AS o(owner, ord) ON o.ord = w.ord
    ), ${closeRunning(t, sql`v.ord, ${cols("e")}`)}, ws AS (
      SELECT w.* FROM w JOIN closed ON closed.ord = w.ord
    ), slocked AS (
      SELECT s.task_id FROM ${t.state} s JOIN ws ON ws.task_id = s.task_id
      ORDER BY s.task_id
      FOR UPDATE OF s
    ), updated AS (
      UPDATE ${t.state} s SET
        actor_name = ws.actor_name, last_run = ws.last_run, next_run = ws.next_run,
        consecutive_failures = ws.consecutive_failures, is_paused = ws.is_paused,
        pause_reason = ws.pause_reason, completed = ws.completed, active = ws.active,
        schedule_key = ws.schedule_key, metadata = ws.metadata::jsonb,
        version = s.version + 1, updated_at = ws.updated_at,
        lease_owner = CASE WHEN s.lease_owner = ws.owner THEN NULL ELSE s.lease_owner END,
        lease_expires_at = CASE WHEN s.lease_owner = ws.owner THEN NULL ELSE s.lease_expires_at END
      FROM ws, slocked
      WHERE s.task_id = ws.task_id AND s.task_id = slocked.task_id
      RETURNING s.task_id, s.version, s.updated_at
    ), inserted AS (
      ${upsertTasks(
        t,
        sql`ws AS w WHERE NOT EXISTS (SELECT 1 FROM ${t.state} x WHERE x.task_id = w.task_id)`,
      )}
    ), saved AS (
      SELECT * FROM updated UNION ALL SELECT * FROM inserted
    )
    SELECT c.ord::int AS ord, ${cols("c")},
      saved.version AS state_version, saved.updated_at AS state_updated_at
    FROM closed c JOIN w ON w.ord = c.ord JOIN saved ON saved.task_id = w.task_id
  `.execute(db);
  const results: SettleResults = { settled: new Map(), final: new Map() };
  for (const { ord, ...row } of rows) results.settled.set(ord - 1, row);
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
