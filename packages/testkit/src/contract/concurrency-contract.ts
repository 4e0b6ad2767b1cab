import { isActorError, type ActorError } from "@actor/core";
import { describe, expect, it } from "vitest";
import { makeExecution, makePost, makeTaskState } from "../builders.js";
import { at, MINUTE } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** Settles every promise and splits the outcomes, checking that every failure has `code`. */
async function settle<T>(
  promises: readonly Promise<T>[],
  code: ActorError["code"],
): Promise<{ won: T[]; lost: number }> {
  const results = await Promise.allSettled(promises);
  const won: T[] = [];
  let lost = 0;
  for (const r of results) {
    if (r.status === "fulfilled") won.push(r.value);
    else if (isActorError(r.reason) && r.reason.code === code) lost += 1;
    else throw r.reason;
  }
  return { won, lost };
}

/** Many writers at once: nothing is lost, nothing is won twice. */
export function describeConcurrencyContract(fx: StoreFixture): void {
  describe("concurrent writers", () => {
    it("200 concurrent saveTask calls of distinct tasks are all stored", async () => {
      const taskIds = Array.from({ length: 200 }, (_, i) => `t-${String(i).padStart(3, "0")}`);
      await Promise.all(taskIds.map((taskId) => fx.store.saveTask(makeTaskState({ taskId }))));
      const listed = await fx.store.listTasks();
      expect(listed.map((t) => t.taskId)).toEqual(taskIds);
      expect(listed.every((t) => t.version === 1)).toBe(true);
    });

    it("100 concurrent execution starts get 100 distinct ids, all in the history", async () => {
      const records = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fx.store.start(makeExecution({ taskId: "t", startedAt: at(i) })),
        ),
      );
      expect(new Set(records.map((r) => r.id)).size).toBe(100);
      expect((await fx.store.history("t", { limit: 200 })).map((r) => r.id).sort()).toEqual(
        records.map((r) => r.id).sort(),
      );
    });

    it("50 concurrent recordPost calls with one key create exactly one record, which all see", async () => {
      const posts = Array.from({ length: 50 }, (_, i) =>
        makePost({ idempotencyKey: "slot", messageIds: [`m${i}`] }),
      );
      const results = await Promise.all(posts.map((p) => fx.store.recordPost(p)));
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const winner = created[0]!.record;
      expect(results.every((r) => r.record.messageIds[0] === winner.messageIds[0])).toBe(true);
      expect(await fx.store.findPost("slot")).toEqual(winner);
      expect(await fx.store.posts()).toHaveLength(1);
    });

    it("concurrent saves expecting the same version: exactly one wins each round, the rest conflict", async () => {
      let current = await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      for (let round = 0; round < 5; round++) {
        const version = current.version;
        const attempts = Array.from({ length: 20 }, (_, i) =>
          fx.store.saveTask({ ...current, consecutiveFailures: i }, { expectedVersion: version }),
        );
        const { won, lost } = await settle(attempts, "conflict");
        expect([won.length, lost]).toEqual([1, 19]);
        current = won[0]!;
        expect(await fx.store.loadTask("t")).toEqual(current);
        expect(current.version).toBe(version + 1);
      }
    });

    it("concurrent read-modify-write with retry on conflict loses no increment", async () => {
      await fx.store.saveTask(makeTaskState({ taskId: "t" }));
      const increment = async () => {
        for (;;) {
          const state = (await fx.store.loadTask("t"))!;
          try {
            return await fx.store.saveTask(
              { ...state, consecutiveFailures: state.consecutiveFailures + 1 },
              { expectedVersion: state.version },
            );
          } catch (error) {
            if (!isActorError(error) || error.code !== "conflict") throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 25 }, increment));
      expect((await fx.store.loadTask("t"))!.consecutiveFailures).toBe(25);
    });

    it("concurrent finish calls of one execution: exactly one succeeds, the rest are invalid-state", async () => {
      const rec = await fx.store.start(makeExecution({ taskId: "t" }));
      const attempts = Array.from({ length: 10 }, (_, i) =>
        fx.store.finish(rec.id, { status: "succeeded", completedAt: at(i) }),
      );
      const { won, lost } = await settle(attempts, "invalid-state");
      expect([won.length, lost]).toEqual([1, 9]);
      expect(await fx.store.history("t")).toEqual(won);
    });

    it("two leasers racing claimDue over the same due tasks win each task exactly once", async () => {
      const taskIds = Array.from({ length: 40 }, (_, i) => `due-${String(i).padStart(2, "0")}`);
      for (const [i, taskId] of taskIds.entries())
        await fx.store.saveTask(makeTaskState({ taskId, nextRun: at(-i * MINUTE) }));
      const a = fx.store.leaser({ owner: "a", ttlMs: 60_000 });
      const b = fx.store.leaser({ owner: "b", ttlMs: 60_000 });
      const claims = await Promise.all(
        [0, 1, 2, 3].flatMap(() => [a.claimDue(at(0), 7), b.claimDue(at(0), 7)]),
      );
      const rest = await Promise.all([a.claimDue(at(0), 40), b.claimDue(at(0), 40)]);
      const won = [...claims, ...rest].flat();
      const byTask = new Map<string, string[]>();
      for (const lease of won)
        byTask.set(lease.taskId, [...(byTask.get(lease.taskId) ?? []), lease.owner]);
      expect([...byTask.keys()].sort()).toEqual(taskIds);
      for (const [taskId, holders] of byTask)
        expect(new Set(holders).size, `task ${taskId} won by ${holders.join(", ")}`).toBe(1);
    });
  });
}
