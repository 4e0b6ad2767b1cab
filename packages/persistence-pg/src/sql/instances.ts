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
  /** The incarnation stopped cleanly: the id is free, the row is the last incarnation. */
  stopped: boolean;
  /** The incarnation before this one, as JSON (instants as ISO strings). */
  previous: PreviousJson | null;
}

/** An earlier incarnation as kept in `previous`. */
export interface PreviousJson {
  instanceId: string;
  incarnation: string;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

/**
 * Locks the row of `instanceId` for the rest of the caller's transaction (an advisory lock covers
 * an id that has no row yet) and returns it, or null.
 */
export async function lockInstance(
  { db, t, schema }: SqlContext,
  instanceId: string,
): Promise<InstanceRow | null> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${schema}/instance/${instanceId}`}))`.execute(
    db,
  );
  const { rows } = await sql<InstanceRow>`
    SELECT * FROM ${t.instances} WHERE instance_id = ${instanceId} FOR UPDATE
  `.execute(db);
  return rows[0] ?? null;
}

/** Makes `row` the current incarnation of its id. */
export async function upsertInstance({ db, t }: SqlContext, row: InstanceRow): Promise<void> {
  const previous = row.previous === null ? null : JSON.stringify(row.previous);
  await sql`
    INSERT INTO ${t.instances} (instance_id, incarnation, host, pid, started_at, heartbeat_at,
      expires_at, stopped, previous)
    VALUES (${row.instance_id}, ${row.incarnation}, ${row.host}, ${row.pid}, ${row.started_at},
      ${row.heartbeat_at}, ${row.expires_at}, FALSE, ${previous}::jsonb)
    ON CONFLICT (instance_id) DO UPDATE SET incarnation = EXCLUDED.incarnation, host = EXCLUDED.host,
      pid = EXCLUDED.pid, started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at,
      expires_at = EXCLUDED.expires_at, stopped = FALSE, previous = EXCLUDED.previous
  `.execute(db);
}

/** Extends the live incarnation's registration; false when it no longer holds the id. */
export async function renewInstance(
  { db, t }: SqlContext,
  instanceId: string,
  incarnation: string,
  heartbeatAt: Date,
  expiresAt: Date,
): Promise<boolean> {
  const result = await sql`
    UPDATE ${t.instances} SET heartbeat_at = ${heartbeatAt}, expires_at = ${expiresAt}
    WHERE instance_id = ${instanceId} AND incarnation = ${incarnation} AND NOT stopped
  `.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Marks the live incarnation as stopped (the id is free; the row stays as the last incarnation). */
export async function stopInstance(
  { db, t }: SqlContext,
  instanceId: string,
  incarnation: string,
): Promise<void> {
  await sql`
    UPDATE ${t.instances} SET stopped = TRUE
    WHERE instance_id = ${instanceId} AND incarnation = ${incarnation} AND NOT stopped
  `.execute(db);
}
