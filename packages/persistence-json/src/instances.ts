import { ActorError, type InstanceRecord } from "@actor/core";
import type { StoredInstance } from "./stored.js";
import { instantOf, numberOf, stringOf } from "./validate.js";

/** The stored copy of an instance record, checked field by field. */
export function storedInstance(r: InstanceRecord): StoredInstance {
  const instanceId = stringOf(r.instanceId, "InstanceRecord.instanceId");
  const what = `instance ${instanceId}`;
  return {
    instanceId,
    incarnation: stringOf(r.incarnation, `${what}: incarnation`),
    host: stringOf(r.host, `${what}: host`),
    pid: numberOf(r.pid, `${what}: pid`),
    startedAt: instantOf(r.startedAt, `${what}: startedAt`),
    heartbeatAt: instantOf(r.heartbeatAt, `${what}: heartbeatAt`),
    expiresAt: instantOf(r.expiresAt, `${what}: expiresAt`),
  };
}

/** A fresh {@link InstanceRecord} for a caller. */
export function instanceOf(s: StoredInstance): InstanceRecord {
  return {
    instanceId: s.instanceId,
    incarnation: s.incarnation,
    host: s.host,
    pid: s.pid,
    startedAt: new Date(s.startedAt),
    heartbeatAt: new Date(s.heartbeatAt),
    expiresAt: new Date(s.expiresAt),
  };
}

/**
 * The `conflict` error of a registration while another incarnation of the same id is still live
 * (its registration expires after the new record's heartbeat). Names the other pid and host.
 */
export function liveIncarnationError(held: StoredInstance): ActorError {
  return new ActorError(
    "conflict",
    `instance id "${held.instanceId}" is already in use by a live process ` +
      `(pid ${held.pid} on host ${held.host}, registered until ${new Date(held.expiresAt).toISOString()}); ` +
      "give each process its own instanceId or stop the other process first",
    { context: { instanceId: held.instanceId, pid: held.pid, host: held.host } },
  );
}
