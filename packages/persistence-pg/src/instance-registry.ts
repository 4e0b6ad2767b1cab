import {
  ActorError,
  instanceConflictMessage,
  type InstanceRecord,
  type InstanceRegistry,
} from "@actor/core";
import { withRetry, type RetryPolicy } from "./retry.js";
import { instantOf, intOf, textOf } from "./rows.js";
import {
  lockInstance,
  renewInstance,
  stopInstance,
  upsertInstance,
  type InstanceRow,
  type PreviousJson,
} from "./sql/instances.js";
import type { SqlContext } from "./tables.js";

/**
 * {@link InstanceRegistry} over `actor_server_instances`: one row per instance id holding the
 * current (or last, once stopped) incarnation and the one before it. Registration runs in a
 * transaction under a per-id advisory lock, so of two processes registering one id at once exactly
 * one wins.
 */
export class PostgresInstanceRegistry implements InstanceRegistry {
  constructor(
    private readonly ctx: SqlContext,
    private readonly policy: RetryPolicy,
  ) {}

  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    const given = checked(record);
    return withRetry("register instance", this.policy, () =>
      this.ctx.db.transaction().execute(async (trx) => {
        const ctx = { ...this.ctx, db: trx };
        const row = await lockInstance(ctx, given.instanceId);
        const held = row && !row.stopped ? recordOf(row) : null;
        if (
          held &&
          held.incarnation !== given.incarnation &&
          held.expiresAt.getTime() > given.heartbeatAt.getTime()
        ) {
          throw new ActorError("conflict", instanceConflictMessage(held), {
            context: { instanceId: given.instanceId, pid: held.pid, host: held.host },
          });
        }
        const last = row ? (row.stopped ? recordOf(row) : fromJson(row.previous)) : null;
        const previous = held && held.incarnation !== given.incarnation ? held : last;
        await upsertInstance(ctx, {
          instance_id: given.instanceId,
          incarnation: given.incarnation,
          host: given.host,
          pid: given.pid,
          started_at: given.startedAt,
          heartbeat_at: given.heartbeatAt,
          expires_at: given.expiresAt,
          stopped: false,
          previous: previous ? toJson(previous) : null,
        });
        return { previous };
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
      stopInstance(this.ctx, instanceId, incarnation),
    );
  }
}

/** A checked copy of `record` (a bad field is a `validation` error). */
function checked(record: InstanceRecord): InstanceRecord {
  return {
    instanceId: textOf(record.instanceId, "instanceId"),
    incarnation: textOf(record.incarnation, "incarnation"),
    host: textOf(record.host, "host"),
    pid: intOf(record.pid, "pid"),
    startedAt: instantOf(record.startedAt, "startedAt"),
    heartbeatAt: instantOf(record.heartbeatAt, "heartbeatAt"),
    expiresAt: instantOf(record.expiresAt, "expiresAt"),
  };
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

function toJson(r: InstanceRecord): PreviousJson {
  return {
    instanceId: r.instanceId,
    incarnation: r.incarnation,
    host: r.host,
    pid: r.pid,
    startedAt: r.startedAt.toISOString(),
    heartbeatAt: r.heartbeatAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  };
}

function fromJson(j: PreviousJson | null): InstanceRecord | null {
  if (!j) return null;
  return {
    instanceId: j.instanceId,
    incarnation: j.incarnation,
    host: j.host,
    pid: j.pid,
    startedAt: new Date(j.startedAt),
    heartbeatAt: new Date(j.heartbeatAt),
    expiresAt: new Date(j.expiresAt),
  };
}
