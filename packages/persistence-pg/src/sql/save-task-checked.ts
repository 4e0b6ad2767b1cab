import { sql } from "kysely";
import type { SavedVersion, TaskWrite } from "./save-tasks.js";
import type { SqlContext } from "../tables.js";

/**
 * Saves one task only if its stored version equals `expectedVersion` (0: only if it does not
 * exist yet). Returns null on a mismatch, having changed nothing.
 */
export async function saveTaskChecked(
  { db, t }: SqlContext,
  task: TaskWrite,
  expectedVersion: number,
): Promise<SavedVersion | null> {
  const query =
    expectedVersion === 0
      ? sql<SavedVersion>`
          INSERT INTO ${t.state} (task_id, actor_name, last_run, next_run, consecutive_failures,
            is_paused, pause_reason, completed, active, schedule_key, metadata, version, updated_at)
          VALUES (${task.taskId}, ${task.actorName}, ${task.lastRun}, ${task.nextRun},
            ${task.consecutiveFailures}, ${task.paused}, ${task.pauseReason}, ${task.completed},
            ${task.active}, ${task.scheduleKey}, ${task.metadataJson}::jsonb, 1, ${task.updatedAt})
          ON CONFLICT (task_id) DO NOTHING
          RETURNING task_id, version, updated_at`
      : sql<SavedVersion>`
          UPDATE ${t.state} SET actor_name = ${task.actorName}, last_run = ${task.lastRun},
            next_run = ${task.nextRun}, consecutive_failures = ${task.consecutiveFailures},
            is_paused = ${task.paused}, pause_reason = ${task.pauseReason},
            completed = ${task.completed}, active = ${task.active},
            schedule_key = ${task.scheduleKey}, metadata = ${task.metadataJson}::jsonb,
            version = version + 1, updated_at = ${task.updatedAt}
          WHERE task_id = ${task.taskId} AND version = ${expectedVersion}
          RETURNING task_id, version, updated_at`;
  const { rows } = await query.execute(db);
  return rows[0] ?? null;
}

/** The stored version of a task, or null when it does not exist (for conflict messages). */
export async function storedVersion({ db, t }: SqlContext, taskId: string): Promise<number | null> {
  const { rows } = await sql<{ version: number }>`
    SELECT version FROM ${t.state} WHERE task_id = ${taskId}
  `.execute(db);
  return rows[0]?.version ?? null;
}

/** Deletes a task's state (and with it its lease); true when it existed. */
export async function deleteTask({ db, t }: SqlContext, taskId: string): Promise<boolean> {
  const result = await sql`DELETE FROM ${t.state} WHERE task_id = ${taskId}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
