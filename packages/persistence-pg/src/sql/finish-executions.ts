import { sql, type RawBuilder } from "kysely";
import { EXECUTION_COLUMNS, type ExecutionRow } from "../rows.js";
import { prepared } from "../connection.js";
import type { SqlContext, Tables } from "../tables.js";
import { instantText, JsonRows } from "./json-rows.js";

/** One outcome to record; `undefined` fields keep what the record holds. */
export interface FinishWrite {
  id: string;
  status: string;
  completedAt: Date;
  errorCode: string | null | undefined;
  errorMessage: string | null | undefined;
  skillsSucceeded: number | undefined;
  skillsFailed: number | undefined;
  skillsSkipped: number | undefined;
  /** JSON merged into the record's metadata (top-level keys replace), or null. */
  metadataJson: string | null;
}

/** How each finish went: the closed record, or whether the id was unknown or already final. */
export interface FinishResults {
  closed: Map<string, ExecutionRow>;
  /** Ids that exist but were not running, with their row. */
  final: Map<string, ExecutionRow>;
}

const columns = sql.raw(EXECUTION_COLUMNS.map((c) => `e.${c}`).join(", "));

/**
 * The columns of an outcome row (see {@link outcomeRow}). Its metadata is `outcome_metadata`, so an
 * outcome row and a task row (`save-tasks.ts`) can travel as one row without a clash.
 */
export const OUTCOME_COLUMNS = [
  ["id", "bigint"],
  ["status", "text"],
  ["completed_at", "timestamptz"],
  ["error_code", "text"],
  ["error_code_set", "bool"],
  ["error_message", "text"],
  ["error_message_set", "bool"],
  ["skills_succeeded", "int"],
  ["skills_failed", "int"],
  ["skills_skipped", "int"],
  ["outcome_metadata", "text"],
] as const;

const outcomeColumns = new JsonRows(OUTCOME_COLUMNS, true);

/** One outcome as a row of {@link OUTCOME_COLUMNS}, with whether it sets each error field. */
export function outcomeRow(o: FinishWrite): Record<string, unknown> {
  return {
    id: o.id,
    status: o.status,
    completed_at: instantText(o.completedAt),
    error_code: o.errorCode ?? null,
    error_code_set: o.errorCode !== undefined,
    error_message: o.errorMessage ?? null,
    error_message_set: o.errorMessage !== undefined,
    skills_succeeded: o.skillsSucceeded ?? null,
    skills_failed: o.skillsFailed ?? null,
    skills_skipped: o.skillsSkipped ?? null,
    outcome_metadata: o.metadataJson,
  };
}

/** `outcomes` as a row source: `v(...)`, one {@link outcomeRow} each with its position (`ord`). */
export function outcomeRows(outcomes: readonly FinishWrite[]): RawBuilder<unknown> {
  return outcomeColumns.from("v", outcomes.map(outcomeRow));
}

/**
 * The assignments that close record `e` with outcome `v` (a row of {@link outcomeRows}), shared by
 * every statement that closes records: fields the outcome leaves undefined keep the record's value,
 * metadata is merged (top-level keys replace).
 */
export const CLOSE_RECORD = sql`
  status = v.status, success = v.status = 'succeeded', completed_at = v.completed_at,
  error_code = CASE WHEN v.error_code_set THEN v.error_code ELSE e.error_code END,
  error_message = CASE WHEN v.error_message_set THEN v.error_message ELSE e.error_message END,
  skills_succeeded = COALESCE(v.skills_succeeded, e.skills_succeeded),
  skills_failed = COALESCE(v.skills_failed, e.skills_failed),
  skills_skipped = COALESCE(v.skills_skipped, e.skills_skipped),
  metadata = CASE WHEN v.outcome_metadata IS NULL THEN e.metadata
    ELSE e.metadata || v.outcome_metadata::jsonb END`;

/**
 * The CTEs `locked` and `closed`, shared by every statement that closes records: the records of
 * `v` (rows with the columns of {@link outcomeRows}, and any more) still `running` are locked in id
 * order and closed with their outcome ({@link CLOSE_RECORD}); `closed` returns `returning` of each,
 * which may name the closed record's columns (`e.`) and the whole row of `v` (`v.`). A record
 * already final is left as it is.
 */
export function closeRunning(t: Tables, returning: RawBuilder<unknown>): RawBuilder<unknown> {
  // `locked` carries the outcome rows themselves, so `closed` joins one CTE to the table by its
  // primary key: a join of two CTEs would be planned from their row estimates (a function scan
  // is guessed at 100 rows, a CTE after it at 1), and a nested loop over two CTEs of a few
  // thousand rows each is quadratic.
  //
  // Each record is looked up and locked on its own (a LATERAL subquery, run once per outcome in id
  // order), by its primary key: the status test is written so that it cannot use the partial index
  // of running records. Planned as a join, the planner (whose statistics rarely know how many runs
  // are in flight) read that whole index for every batch, or, with the index out of reach, the
  // whole table; inside a LATERAL with stale statistics it scanned the index once per record.
  return sql`locked AS (
      SELECT v.* FROM (SELECT * FROM v ORDER BY v.id) v
      CROSS JOIN LATERAL (
        SELECT FROM ${t.executions} e
        WHERE e.id = v.id AND coalesce(e.status, '') = 'running'
        FOR UPDATE OF e
      ) running
    ), closed AS (
      UPDATE ${t.executions} e SET ${CLOSE_RECORD}
      FROM locked v
      WHERE e.id = v.id
      RETURNING ${returning}
    )`;
}

/**
 * Closes many running execution records in one statement (batched `ExecutionLog.finish`). Only a
 * record still `running` changes, so a second outcome never overwrites the first; ids that exist
 * but were final are reported in `final` (read by a second statement, only when there are such
 * ids), unknown ids in neither map.
 */
export async function finishExecutions(
  { db, t }: SqlContext,
  outcomes: readonly FinishWrite[],
): Promise<FinishResults> {
  const { rows } = await sql<ExecutionRow>`${prepared}
    WITH v AS (
      SELECT * FROM ${outcomeRows(outcomes)}
    ), ${closeRunning(t, columns)}
    SELECT * FROM closed
  `.execute(db);
  const results: FinishResults = { closed: new Map(), final: new Map() };
  for (const row of rows) results.closed.set(String(row.id), row);
  // The rare ids not closed (unknown, or already final): one more read says which.
  const rest = outcomes.map((o) => o.id).filter((id) => !results.closed.has(id));
  if (rest.length > 0) {
    const { rows: found } = await sql<ExecutionRow>`
      SELECT ${columns} FROM ${t.executions} e WHERE e.id = ANY(${rest}::bigint[])
    `.execute(db);
    for (const row of found) results.final.set(String(row.id), row);
  }
  return results;
}
