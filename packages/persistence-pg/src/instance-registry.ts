import { ActorError } from "@actor/core";
import { sql } from "kysely";
import { withRetry, type RetryPolicy } from "./retry.js";
import { instantOf, intOf, textOf } from "./rows.js";
import {
  deleteInstance,
  lockInstance,
  renewInstance,
  upsertInstance,
  type InstanceRow,
} from "./sql/instances.js";
import type { SqlContext } from "./tables.js";

/** One running process holding a configured instance id. */
export interface InstanceRecord {
  instanceId: string;
  /** Unique per process start; tells a restarted instance from its previous life. */
  incarnation: string;
  host: string;
  pid: number;
  startedAt: Date;
  heartbeatAt: Date;
  expiresAt: Date;
}

/**
 * Which process holds which instance id, so that two live processes never share one id and a
 * restarted instance learns about its previous incarnation (to close its dead runs).
 */
export interface InstanceRegistry {
  /**
   * Registers `record`. Throws `ActorError("conflict")` naming the other host and pid if another
   * incarnation of the same id is still live (`expiresAt > record.heartbeatAt`); otherwise returns
   * the registration it replaced.
   */
  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }>;
  /** Extends the registration; false when another incarnation holds the id now. */
  renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean>;
  /** Removes this incarnation's registration. */
  unregisterInstance(instanceId: string, incarnation: string): Promise<void>;
}

/** {@link InstanceRegistry} over `actor_server_instances`. */
export class PostgresInstanceRegistry implements InstanceRegistry {
  constructor(
    private readonly ctx: SqlContext,
    private readonly policy: RetryPolicy,
  ) {}

  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    const row: InstanceRow = {
      instance_id: textOf(record.instanceId, "instanceId"),
      incarnation: textOf(record.incarnation, "incarnation"),
      host: textOf(record.host, "host"),
      pid: intOf(record.pid, "pid"),
      started_at: instantOf(record.startedAt, "startedAt"),
      heartbeat_at: instantOf(record.heartbeatAt, "heartbeatAt"),
      expires_at: instantOf(record.expiresAt, "expiresAt"),
    };
    return withRetry("register instance", this.policy, () =>
      this.ctx.db.transaction().execute(async (trx) => {
        const ctx = { ...this.ctx, db: trx };
        const key = `${this.ctx.schema}/instance/${row.instance_id}`;
        await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
        const current = await lockInstance(ctx, row.instance_id);
        if (
          current &&
          current.incarnation !== row.incarnation &&
          current.expires_at.getTime() > row.heartbeat_at.getTime()
        ) {
          throw new ActorError(
            "conflict",
            `instance id ${row.instance_id} is held by a live process on ${current.host} (pid ${current.pid}) until ${current.expires_at.toISOString()}; give this process another instanceId or stop that one`,
            { context: { instanceId: row.instance_id, host: current.host, pid: current.pid } },
          );
        }
        await upsertInstance(ctx, row);
        return { previous: current ? recordOf(current) : null };
      }),
    );
  }

  renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    const at = instantOf(heartbeatAt, "heartbeatAt");
    const until = instantOf(expiresAt, "expiresAt");
    return withRetry("renew instance", this.policy, () =>
      renewInstance(this.ctx, instanceId, incarnation, at, until),
    );
  }

  unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    return withRetry("unregister instance", this.policy, () =>
      deleteInstance(this.ctx, instanceId, incarnation),
    );
  }
}

function recordOf(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    incarnation: row.incarnation,
    host: row.host,
    pid: row.pid,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
  };
}
