import { sql } from "kysely";
import type { SqlContext } from "../tables.js";

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

/**
 * Upserts many tasks in one statement (batched `saveTask` without `expectedVersion`): a new task
 * gets version 1, an existing one its version + 1. The lease columns are left as they are. Rows are
 * written in task-id order, so concurrent batches lock them in the same order.
 */
export async function saveTasks(
  { db, t }: SqlContext,
  tasks: readonly TaskWrite[],
): Promise<Map<string, SavedVersion>> {
  const col = <K extends keyof TaskWrite>(key: K) => tasks.map((task) => task[key]);
  const { rows } = await sql<SavedVersion>`
    INSERT INTO ${t.state} AS s (task_id, actor_name, last_run, next_run, consecutive_failures,
      is_paused, pause_reason, completed, active, schedule_key, metadata, version, updated_at)
    SELECT v.task_id, v.actor_name, v.last_run, v.next_run, v.consecutive_failures, v.is_paused,
      v.pause_reason, v.completed, v.active, v.schedule_key, v.metadata::jsonb, 1, v.updated_at
    FROM unnest(${col("taskId")}::text[], ${col("actorName")}::text[],
      ${col("lastRun")}::timestamptz[], ${col("nextRun")}::timestamptz[],
      ${col("consecutiveFailures")}::int[], ${col("paused")}::bool[], ${col("pauseReason")}::text[],
      ${col("completed")}::bool[], ${col("active")}::bool[], ${col("scheduleKey")}::text[],
      ${col("metadataJson")}::text[], ${col("updatedAt")}::timestamptz[])
      AS v(task_id, actor_name, last_run, next_run, consecutive_failures, is_paused, pause_reason,
        completed, active, schedule_key, metadata, updated_at)
    ORDER BY v.task_id
    ON CONFLICT (task_id) DO UPDATE SET
      actor_name = EXCLUDED.actor_name, last_run = EXCLUDED.last_run, next_run = EXCLUDED.next_run,
      consecutive_failures = EXCLUDED.consecutive_failures, is_paused = EXCLUDED.is_paused,
      pause_reason = EXCLUDED.pause_reason, completed = EXCLUDED.completed, active = EXCLUDED.active,
      schedule_key = EXCLUDED.schedule_key, metadata = EXCLUDED.metadata,
      version = s.version + 1, updated_at = EXCLUDED.updated_at
    RETURNING task_id, version, updated_at
  `.execute(db);
  return new Map(rows.map((row) => [row.task_id, row]));
}
