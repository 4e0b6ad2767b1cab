import { sql, type RawBuilder } from "kysely";
import { prepared } from "../connection.js";
import type { SqlContext, Tables } from "../tables.js";
import { instantText, JsonRows } from "./json-rows.js";

/** One task to upsert: its fields ready for parameters (metadata as JSON text). */
export interface TaskWrite {
  taskId: string;
  actorName: string;
  lastRun: Date | null;
  nextRun: Date | null;
  consecutiveFailures: number;
  paused: boolean;
  pauseReason: string | null;
  completed: boolean;
  active: boolean;
  scheduleKey: string | null;
  metadataJson: string;
  updatedAt: Date;
}

/** What a save stored: the new version and stamp. */
export interface SavedVersion {
  task_id: string;
  version: number;
  updated_at: Date;
}

/** The columns of a task row (see {@link taskRow}), as {@link upsertTasks} reads them. */
export const TASK_COLUMNS = [
  ["task_id", "text"],
  ["actor_name", "text"],
  ["last_run", "timestamptz"],
  ["next_run", "timestamptz"],
  ["consecutive_failures", "int"],
  ["is_paused", "bool"],
  ["pause_reason", "text"],
  ["completed", "bool"],
  ["active", "bool"],
  ["schedule_key", "text"],
  ["metadata", "text"],
  ["updated_at", "timestamptz"],
] as const;

const taskColumns = new JsonRows(TASK_COLUMNS, true);

/** One task as a row of {@link TASK_COLUMNS}. */
export function taskRow(task: TaskWrite): Record<string, unknown> {
  return {
    task_id: task.taskId,
    actor_name: task.actorName,
    last_run: instantText(task.lastRun),
    next_run: instantText(task.nextRun),
    consecutive_failures: task.consecutiveFailures,
    is_paused: task.paused,
    pause_reason: task.pauseReason,
    completed: task.completed,
    active: task.active,
    schedule_key: task.scheduleKey,
    metadata: task.metadataJson,
    updated_at: instantText(task.updatedAt),
  };
}

/**
 * `tasks` as a row source for {@link upsertTasks}: `w(...)`, one {@link taskRow} each with its
 * position (`ord`, from 1).
 */
export function taskRows(tasks: readonly TaskWrite[]): RawBuilder<unknown> {
  return taskColumns.from("w", tasks.map(taskRow));
}

/**
 * The upsert of `saveTask` without `expectedVersion`, shared by every statement that saves tasks:
 * each row of `source` (the columns of {@link taskRows} as `w`, task ids distinct) is inserted with
 * version 1 or, when the task exists, written over it with its version + 1. `alsoSet` adds
 * assignments to the update of an existing row (`s` is the stored row); without it the lease
 * columns are left as they are. Rows are written in task-id order, so concurrent statements lock
 * them in the same order. Returns `task_id, version, updated_at` of each row written.
 */
export function upsertTasks(
  t: Tables,
  source: RawBuilder<unknown>,
  alsoSet?: RawBuilder<unknown>,
): RawBuilder<SavedVersion> {
  return sql<SavedVersion>`
    INSERT INTO ${t.state} AS s (task_id, actor_name, last_run, next_run, consecutive_failures,
      is_paused, pause_reason, completed, active, schedule_key, metadata, version, updated_at)
    SELECT w.task_id, w.actor_name, w.last_run, w.next_run, w.consecutive_failures, w.is_paused,
      w.pause_reason, w.completed, w.active, w.schedule_key, w.metadata::jsonb, 1, w.updated_at
    FROM ${source}
    ORDER BY w.task_id
    ON CONFLICT (task_id) DO UPDATE SET
      actor_name = EXCLUDED.actor_name, last_run = EXCLUDED.last_run, next_run = EXCLUDED.next_run,
      consecutive_failures = EXCLUDED.consecutive_failures, is_paused = EXCLUDED.is_paused,
      pause_reason = EXCLUDED.pause_reason, completed = EXCLUDED.completed, active = EXCLUDED.active,
      schedule_key = EXCLUDED.schedule_key, metadata = EXCLUDED.metadata,
      version = s.version + 1, updated_at = EXCLUDED.updated_at${alsoSet ? sql`, ${alsoSet}` : sql``}
    RETURNING s.task_id, s.version, s.updated_at`;
}

/**
 * Upserts many tasks in one statement (batched `saveTask` without `expectedVersion`): a new task
 * gets version 1, an existing one its version + 1. The lease columns are left as they are. Rows are
 * written in task-id order, so concurrent batches lock them in the same order.
 */
export async function saveTasks(
  { db, t }: SqlContext,
  tasks: readonly TaskWrite[],
): Promise<Map<string, SavedVersion>> {
  const { rows } = await sql<SavedVersion>`${prepared}${upsertTasks(t, taskRows(tasks))}`.execute(
    db,
  );
  return new Map(rows.map((row) => [row.task_id, row]));
}
