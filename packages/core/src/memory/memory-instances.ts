import { ActorError } from "../errors.js";
import {
  instanceConflictMessage,
  type InstanceRecord,
  type InstanceRegistry,
} from "../instances.js";

/** The registrations of one instance id: the current incarnation and the last one that left. */
interface Slot {
  current: InstanceRecord | null;
  last: InstanceRecord | null;
}

/** An in-process {@link InstanceRegistry}; the memory store delegates to it. */
export class MemoryInstanceRegistry implements InstanceRegistry {
  readonly #slots = new Map<string, Slot>();

  async registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    const slot = this.#slots.get(record.instanceId) ?? { current: null, last: null };
    const held = slot.current;
    if (
      held &&
      held.incarnation !== record.incarnation &&
      held.expiresAt.getTime() > record.heartbeatAt.getTime()
    ) {
      throw new ActorError("conflict", instanceConflictMessage(held), {
        context: { instanceId: record.instanceId, pid: held.pid, host: held.host },
      });
    }
    const previous = held && held.incarnation !== record.incarnation ? held : slot.last;
    this.#slots.set(record.instanceId, { current: copyRecord(record), last: previous });
    return { previous: previous ? copyRecord(previous) : null };
  }

  async renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    const held = this.#slots.get(instanceId)?.current;
    if (!held || held.incarnation !== incarnation) return false;
    held.heartbeatAt = new Date(heartbeatAt.getTime());
    held.expiresAt = new Date(expiresAt.getTime());
    return true;
  }

  async unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    const slot = this.#slots.get(instanceId);
    if (!slot?.current || slot.current.incarnation !== incarnation) return;
    slot.last = slot.current;
    slot.current = null;
  }
}

function copyRecord(record: InstanceRecord): InstanceRecord {
  return {
    instanceId: record.instanceId,
    incarnation: record.incarnation,
    host: record.host,
    pid: record.pid,
    startedAt: new Date(record.startedAt.getTime()),
    heartbeatAt: new Date(record.heartbeatAt.getTime()),
    expiresAt: new Date(record.expiresAt.getTime()),
  };
}
