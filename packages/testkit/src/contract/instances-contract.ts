import type { InstanceRecord } from "@actor/core";
import { describe, expect, it } from "vitest";
import { expectActorError, rejectionOf } from "./assertions.js";
import { at } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** How long the suite's registrations last. */
const TTL = 60_000;

/** An incarnation of `instanceId` that registered (and last renewed) at `t` ms after T0. */
function incarnation(
  instanceId: string,
  name: string,
  t: number,
  extra: Partial<InstanceRecord> = {},
): InstanceRecord {
  return {
    instanceId,
    incarnation: name,
    host: `host-${name}`,
    pid: 1000 + name.length,
    startedAt: at(t),
    heartbeatAt: at(t),
    expiresAt: at(t + TTL),
    ...extra,
  };
}

/** InstanceRegistry: one live incarnation per instance id, takeover after expiry, clean stops. */
export function describeInstanceRegistryContract(fx: StoreFixture): void {
  describe("instance registry", () => {
    it("the first registration of an id has no previous incarnation", async () => {
      expect(await fx.store.registerInstance(incarnation("bot", "a", 0))).toEqual({
        previous: null,
      });
    });

    it("a second live incarnation of the same id is refused with a conflict naming the other pid and host", async () => {
      const first = incarnation("bot", "a", 0, { pid: 4242, host: "box-one" });
      await fx.store.registerInstance(first);
      const error = await rejectionOf(fx.store.registerInstance(incarnation("bot", "b", TTL - 1)));
      expectActorError(error, "conflict");
      expect((error as Error).message).toContain("4242");
      expect((error as Error).message).toContain("box-one");
      // The live incarnation keeps its registration.
      expect(await fx.store.renewInstance("bot", "a", at(TTL - 1), at(2 * TTL))).toBe(true);
    });

    it("an expired incarnation is taken over and returned as previous; it can no longer renew", async () => {
      const first = incarnation("bot", "a", 0);
      await fx.store.registerInstance(first);
      const { previous } = await fx.store.registerInstance(incarnation("bot", "b", TTL));
      expect(previous).toEqual(first);
      expect(await fx.store.renewInstance("bot", "a", at(TTL + 1), at(2 * TTL))).toBe(false);
      expect(await fx.store.renewInstance("bot", "b", at(TTL + 1), at(2 * TTL))).toBe(true);
    });

    it("renewal moves the expiry: a registration before the new expiry conflicts", async () => {
      await fx.store.registerInstance(incarnation("bot", "a", 0));
      expect(await fx.store.renewInstance("bot", "a", at(TTL - 10), at(2 * TTL))).toBe(true);
      expectActorError(
        await rejectionOf(fx.store.registerInstance(incarnation("bot", "b", TTL + 10))),
        "conflict",
      );
      const { previous } = await fx.store.registerInstance(incarnation("bot", "c", 2 * TTL));
      expect(previous).toEqual(
        incarnation("bot", "a", 0, { heartbeatAt: at(TTL - 10), expiresAt: at(2 * TTL) }),
      );
    });

    it("after a clean stop the id is free at once and the stopped incarnation is the previous one", async () => {
      const first = incarnation("bot", "a", 0);
      await fx.store.registerInstance(first);
      await fx.store.unregisterInstance("bot", "a");
      expect(await fx.store.renewInstance("bot", "a", at(1), at(TTL))).toBe(false);
      const { previous } = await fx.store.registerInstance(incarnation("bot", "b", 1));
      expect(previous).toEqual(first);
    });

    it("unregistering an unknown id or another incarnation changes nothing", async () => {
      await fx.store.unregisterInstance("nobody", "x");
      await fx.store.registerInstance(incarnation("bot", "a", 0));
      await fx.store.unregisterInstance("bot", "other");
      expect(await fx.store.renewInstance("bot", "a", at(1), at(TTL + 1))).toBe(true);
      expectActorError(
        await rejectionOf(fx.store.registerInstance(incarnation("bot", "b", 2))),
        "conflict",
      );
    });

    it("renewing an id that was never registered returns false", async () => {
      expect(await fx.store.renewInstance("ghost", "a", at(0), at(TTL))).toBe(false);
    });

    it("instance ids are independent of each other", async () => {
      await fx.store.registerInstance(incarnation("one", "a", 0));
      expect(await fx.store.registerInstance(incarnation("two", "b", 0))).toEqual({
        previous: null,
      });
      expect(await fx.store.renewInstance("two", "a", at(1), at(TTL))).toBe(false);
    });

    it("records are stored by value: mutating what was passed or returned changes nothing", async () => {
      const first = incarnation("bot", "a", 0);
      await fx.store.registerInstance(first);
      first.expiresAt.setTime(at(10 * TTL).getTime());
      first.host = "changed";
      const { previous } = await fx.store.registerInstance(incarnation("bot", "b", TTL));
      expect(previous).toEqual(incarnation("bot", "a", 0));
      previous!.expiresAt.setTime(at(100 * TTL).getTime());
      await fx.store.unregisterInstance("bot", "b");
      const again = await fx.store.registerInstance(incarnation("bot", "c", TTL + 1));
      expect(again.previous?.incarnation).toBe("b");
    });

    it("a live registration survives close + reopen", async (context) => {
      if (!fx.canReopen) context.skip("the adapter provides no reopen()");
      const first = incarnation("bot", "a", 0);
      await fx.store.registerInstance(first);
      const store = await fx.reopen();
      expectActorError(
        await rejectionOf(store.registerInstance(incarnation("bot", "b", 1))),
        "conflict",
      );
      const { previous } = await store.registerInstance(incarnation("bot", "c", TTL));
      expect(previous).toEqual(first);
    });
  });
}
