import { sql } from "kysely";
import type { SqlContext } from "../tables.js";

/** A row of `actor_server_instances`. */
export interface InstanceRow {
  instance_id: string;
  incarnation: string;
  host: string;
  pid: number;
  started_at: Date;
  heartbeat_at: Date;
  expires_at: Date;
}

/**
 * Locks the row of `instanceId` (creating nothing) inside the caller's transaction and returns it,
 * or null when the id was never registered.
 */
export async function lockInstance(
  { db, t }: SqlContext,
  instanceId: string,
): Promise<InstanceRow | null> {
  const { rows } = await sql<InstanceRow>`
    SELECT * FROM ${t.instances} WHERE instance_id = ${instanceId} FOR UPDATE
  `.execute(db);
  return rows[0] ?? null;
}

/** Writes the row of an instance (insert or replace). */
export async function upsertInstance({ db, t }: SqlContext, row: InstanceRow): Promise<void> {
  await sql`
    INSERT INTO ${t.instances} (instance_id, incarnation, host, pid, started_at, heartbeat_at, expires_at)
    VALUES (${row.instance_id}, ${row.incarnation}, ${row.host}, ${row.pid}, ${row.started_at},
      ${row.heartbeat_at}, ${row.expires_at})
    ON CONFLICT (instance_id) DO UPDATE SET incarnation = EXCLUDED.incarnation, host = EXCLUDED.host,
      pid = EXCLUDED.pid, started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at,
      expires_at = EXCLUDED.expires_at
  `.execute(db);
}

/** Extends the incarnation's registration; false when another incarnation holds the id now. */
export async function renewInstance(
  { db, t }: SqlContext,
  instanceId: string,
  incarnation: string,
  heartbeatAt: Date,
  expiresAt: Date,
): Promise<boolean> {
  const result = await sql`
    UPDATE ${t.instances} SET heartbeat_at = ${heartbeatAt}, expires_at = ${expiresAt}
    WHERE instance_id = ${instanceId} AND incarnation = ${incarnation}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Removes the incarnation's registration (nothing when another incarnation holds the id). */
export async function deleteInstance(
  { db, t }: SqlContext,
  instanceId: string,
  incarnation: string,
): Promise<void> {
  await sql`
    DELETE FROM ${t.instances} WHERE instance_id = ${instanceId} AND incarnation = ${incarnation}
  `.execute(db);
}
