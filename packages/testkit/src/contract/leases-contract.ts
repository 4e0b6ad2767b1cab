import type { Lease, TaskState } from "@actor/core";
import { describe, expect, it } from "vitest";
import { makeTaskState } from "../builders.js";
import { at, MINUTE } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** How long the suite's leases last. */
const TTL = 30_000;

/** TaskLeaser: claiming due tasks, claiming by id, renewal, release, deletion. */
export function describeLeaseContract(fx: StoreFixture): void {
  const leaser = (owner: string) => fx.store.leaser({ owner, ttlMs: TTL });
  const ids = (leases: readonly Lease[]) => leases.map((l) => l.taskId);
  /** Saves tasks due `minutes` after T0 (null = never), named by key. */
  async function due(
    tasks: Record<string, number | null>,
    extra: Partial<TaskState> = {},
  ): Promise<void> {
    for (const [taskId, m] of Object.entries(tasks)) {
      await fx.store.saveTask(
        makeTaskState({ taskId, nextRun: m === null ? null : at(m * MINUTE), ...extra }),
      );
    }
  }

  describe("leases", () => {
    it("claimDue claims tasks with nextRun at or before now, with owner and expiry now + ttl", async () => {
      await due({ early: -5, exact: 0, later: 1, never: null });
      const leases = await leaser("a").claimDue(at(0), 10);
      expect(leases).toEqual([
        { taskId: "early", owner: "a", expiresAt: at(TTL) },
        { taskId: "exact", owner: "a", expiresAt: at(TTL) },
      ]);
    });

    it("claimDue skips paused, completed and inactive tasks", async () => {
      await due({ ok: 0 });
      await due({ paused: 0 }, { paused: true, pauseReason: "manual" });
      await due({ circuit: 0 }, { paused: true, pauseReason: "circuit-open" });
      await due({ done: 0 }, { completed: true });
      await due({ removed: 0 }, { active: false });
      expect(ids(await leaser("a").claimDue(at(0), 10))).toEqual(["ok"]);
    });

    it("claimDue returns tasks in nextRun order and at most `limit` of them", async () => {
      await due({ c: -1, a: -3, d: 0, b: -2 });
      expect(ids(await leaser("a").claimDue(at(0), 3))).toEqual(["a", "b", "c"]);
      expect(ids(await leaser("b").claimDue(at(0), 0))).toEqual([]);
      expect(ids(await leaser("b").claimDue(at(0), 10))).toEqual(["d"]);
    });

    it("another owner cannot claim a held lease until it expires", async () => {
      await due({ t: 0 });
      expect(ids(await leaser("a").claimDue(at(0), 1))).toEqual(["t"]);
      const b = leaser("b");
      expect(await b.claimDue(at(TTL - 1), 10)).toEqual([]);
      expect(await b.claim(["t"], at(TTL - 1))).toEqual([]);
      expect(await b.claimDue(at(TTL + 1), 10)).toEqual([
        { taskId: "t", owner: "b", expiresAt: at(2 * TTL + 1) },
      ]);
      expect(await leaser("a").renew(["t"], at(TTL + 2))).toEqual([]);
    });

    it("claimDue skips tasks held by others and fills the limit with the next due ones", async () => {
      await due({ first: -2, second: -1, third: 0 });
      await leaser("a").claim(["first"], at(0));
      expect(ids(await leaser("b").claimDue(at(0), 1))).toEqual(["second"]);
    });

    it("claim takes exactly the named free tasks, whether due or not, leaving out unknown ones", async () => {
      await due({ due: 0, future: 60 });
      const leases = await leaser("a").claim(["future", "unknown", "due"], at(0));
      expect(leases.map((l) => l.taskId).sort()).toEqual(["due", "future"]);
      expect(
        leases.every((l) => l.owner === "a" && l.expiresAt.getTime() === at(TTL).getTime()),
      ).toBe(true);
      expect(await leaser("b").claim(["due", "future"], at(1))).toEqual([]);
    });

    it("renew extends only this owner's unexpired leases", async () => {
      await due({ mine: 0, theirs: 0, lapsed: 0 });
      const a = leaser("a");
      await a.claim(["mine"], at(0));
      await a.claim(["lapsed"], at(-TTL));
      await leaser("b").claim(["theirs"], at(0));
      const renewed = await a.renew(["mine", "theirs", "lapsed", "unknown"], at(10_000));
      expect(renewed).toEqual([{ taskId: "mine", owner: "a", expiresAt: at(10_000 + TTL) }]);
      expect(await leaser("b").claim(["mine"], at(TTL + 1))).toEqual([]);
    });

    it("release frees this owner's leases at once and leaves other owners' alone", async () => {
      await due({ mine: 0, theirs: 0 });
      await leaser("a").claim(["mine"], at(0));
      await leaser("b").claim(["theirs"], at(0));
      await leaser("a").release(["mine", "theirs"]);
      expect(ids(await leaser("c").claimDue(at(1), 10))).toEqual(["mine"]);
    });

    it("deleteTask clears the task's lease", async () => {
      await due({ t: 0 });
      await leaser("a").claim(["t"], at(0));
      await fx.store.deleteTask("t");
      expect(await leaser("b").claimDue(at(1), 10)).toEqual([]);
      await due({ t: 0 });
      expect(ids(await leaser("b").claimDue(at(1), 10))).toEqual(["t"]);
      expect(await leaser("a").renew(["t"], at(2))).toEqual([]);
    });

    it("a claim at the last instant a Date holds expires then, not never; a bad now is refused", async () => {
      await due({ end: 0, plain: 0 });
      const last = new Date(8.64e15);
      // Claimed together, as a batching store would send them in one statement.
      const [end, plain] = await Promise.all([
        leaser("a").claim(["end"], last),
        leaser("a").claim(["plain"], at(0)),
      ]);
      expect(end).toEqual([{ taskId: "end", owner: "a", expiresAt: last }]);
      expect(plain).toEqual([{ taskId: "plain", owner: "a", expiresAt: at(TTL) }]);
      expect(await leaser("a").renew(["end"], new Date(8.64e15 - 1))).toEqual([
        { taskId: "end", owner: "a", expiresAt: last },
      ]);
      for (const now of [new Date(Number.NaN), "2026-03-01" as unknown as Date]) {
        const error = await leaser("b")
          .claim(["plain"], now)
          .then(
            () => null,
            (e: unknown) => e as { code?: string },
          );
        expect(error?.code).toBe("validation");
      }
    });
  });
}
