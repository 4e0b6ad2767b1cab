import type { InstanceRecord } from "@actor/core";
import { encodeInstanceSlot } from "./codec.js";
import { instanceOf, liveIncarnationError, storedInstance } from "./instances.js";
import type { Journal } from "./journal.js";
import type { StoreState } from "./state.js";
import type { StoredInstanceSlot } from "./stored.js";
import { instantOf } from "./validate.js";

/**
 * The instance registry of the JSON store: per instance id, the live incarnation and the last one
 * that left, each change journaled like any other. (The lock file already keeps a second process
 * out of the directory; the registry records incarnations for the engine's crash recovery.)
 */
export class JournaledInstanceRegistry {
  constructor(
    private readonly state: StoreState,
    private readonly journal: Journal,
  ) {}

  async register(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    const wanted = storedInstance(record);
    const slot = this.state.instances.get(wanted.instanceId);
    const held = slot?.current ?? null;
    if (held && held.incarnation !== wanted.incarnation && held.expiresAt > wanted.heartbeatAt) {
      await this.journal.barrier();
      throw liveIncarnationError(held);
    }
    const previous = held && held.incarnation !== wanted.incarnation ? held : (slot?.last ?? null);
    await this.#put({ instanceId: wanted.instanceId, current: wanted, last: previous });
    return { previous: previous && instanceOf(previous) };
  }

  async renew(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    const slot = this.state.instances.get(instanceId);
    const held = slot?.current;
    if (!slot || !held || held.incarnation !== incarnation) {
      await this.journal.barrier();
      return false;
    }
    const current = {
      ...held,
      heartbeatAt: instantOf(heartbeatAt, `instance ${instanceId}: heartbeatAt`),
      expiresAt: instantOf(expiresAt, `instance ${instanceId}: expiresAt`),
    };
    await this.#put({ ...slot, current });
    return true;
  }

  async unregister(instanceId: string, incarnation: string): Promise<void> {
    const slot = this.state.instances.get(instanceId);
    if (!slot?.current || slot.current.incarnation !== incarnation) return this.journal.barrier();
    await this.#put({ instanceId, current: null, last: slot.current });
  }

  #put(slot: StoredInstanceSlot): Promise<void> {
    this.state.instances.set(slot.instanceId, slot);
    return this.journal.append(encodeInstanceSlot(slot));
  }
}
