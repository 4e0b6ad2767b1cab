import { sql } from "kysely";
import { STATE_COLUMNS, type StateRow } from "../rows.js";
import { prepared } from "../connection.js";
import type { SqlContext } from "../tables.js";

const columns = sql.raw(STATE_COLUMNS.join(", "));

/** The stored rows of `taskIds` (batched `loadTask`), by task id. Missing tasks are absent. */
export async function loadTasks(
  { db, t }: SqlContext,
  taskIds: readonly string[],
): Promise<Map<string, StateRow>> {
  // A NUL cannot be sent in text (it would fail the batch) and no stored id has one: left out.
  const ids = taskIds.filter((id) => !String(id).includes("\u0000"));
  const { rows } = await sql<StateRow>`${prepared}
    SELECT ${columns} FROM ${t.state} WHERE task_id = ANY(${ids}::text[])
  `.execute(db);
  return new Map(rows.map((row) => [row.task_id, row]));
}

/** Every stored task row, in code-point order of the task id. */
export async function listTasks({ db, t }: SqlContext): Promise<StateRow[]> {
  const { rows } = await sql<StateRow>`
    SELECT ${columns} FROM ${t.state} ORDER BY task_id COLLATE "C"
  `.execute(db);
  return rows;
}
