/**
 * One running process of an instance id: what {@link InstanceRegistry} stores so that a process can
 * tell its own crashed runs (a dead incarnation) from a second live process with the same id.
 */
export interface InstanceRecord {
  instanceId: string;
  /** Random per process start; two live processes with one instanceId have different incarnations. */
  incarnation: string;
  host: string;
  pid: number;
  startedAt: Date;
  heartbeatAt: Date;
  /** The registration is considered dead after this instant unless renewed. */
  expiresAt: Date;
}

/**
 * Which process currently owns an instance id. The engine registers at start, renews with its
 * lease heartbeat and unregisters at shutdown. A registration that is not renewed lapses at
 * `expiresAt`; a new incarnation may then take the id over, and every `running` execution of that
 * id is known to come from a dead process.
 *
 * @example
 * ```ts
 * const now = clock.now();
 * const me = { instanceId: "bot-1", incarnation: randomUUID(), host: hostname(), pid: process.pid,
 *   startedAt: now, heartbeatAt: now, expiresAt: new Date(now.getTime() + 60_000) };
 * const { previous } = await store.registerInstance(me); // throws ActorError("conflict") when bot-1 is live
 * await store.renewInstance(me.instanceId, me.incarnation, later, new Date(later.getTime() + 60_000));
 * await store.unregisterInstance(me.instanceId, me.incarnation);
 * ```
 */
export interface InstanceRegistry {
  /**
   * Registers this incarnation. Throws `ActorError("conflict")` naming the other pid/host when
   * another incarnation of the same instanceId is registered with `expiresAt > record.heartbeatAt`.
   * Returns the previous (dead or cleanly stopped) incarnation of this id, if one was recorded.
   */
  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }>;
  /**
   * Extends this incarnation's registration; false when it is no longer registered (taken over or
   * unregistered).
   */
  renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean>;
  /** Removes this incarnation's registration (clean stop). No-op when not registered. */
  unregisterInstance(instanceId: string, incarnation: string): Promise<void>;
}

/** The message of the `conflict` error a registry throws when `live` still holds the id. */
export function instanceConflictMessage(live: InstanceRecord): string {
  return (
    `instance id "${live.instanceId}" is already in use by a live process ` +
    `(pid ${live.pid} on host ${live.host}, registered until ${live.expiresAt.toISOString()}); ` +
    `give each process its own instanceId or stop the other process first`
  );
}
