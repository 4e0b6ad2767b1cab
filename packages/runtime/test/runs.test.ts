import { ActorError, type ExecutionResult } from "@actor/core";
import { describe, expect, it } from "vitest";
import {
  MINUTE,
  START,
  ScriptedActor,
  build,
  busyFor,
  failWith,
  historyOf,
  ok,
  shutdownOnClock,
} from "./support/harness.js";

describe("overlap", () => {
  it("a slot that comes due while the previous run is going is recorded as a skipped execution", async () => {
    const actor = new ScriptedActor("slow");
    actor.behaviour = busyFor(25 * MINUTE);
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 600 } }],
      { timeoutSeconds: 3600 },
    );
    const skips: string[] = [];
    server.on("run:skip", (e) => skips.push(`${e.scheduledFor.toISOString()} ${e.reason}`));
    await server.start();
    await clock.advance(31 * MINUTE);
    const records = await historyOf(store, "slow");
    expect(records.map((r) => `${r.scheduledFor.toISOString().slice(11, 16)} ${r.status}`)).toEqual(
      ["00:00 succeeded", "00:10 skipped", "00:20 skipped", "00:30 running"],
    );
    expect(records[1]?.metadata).toMatchObject({ reason: "overlap" });
    expect(skips).toEqual(["2026-01-05T00:10:00.000Z overlap", "2026-01-05T00:20:00.000Z overlap"]);
    expect(actor.calls).toHaveLength(2);
    await shutdownOnClock(clock, server);
  });
});

describe("retries", () => {
  it("retries retryable errors with growing backoff delays, within the same slot and idempotency key", async () => {
    const actor = new ScriptedActor("flaky");
    const startedAt: number[] = [];
    actor.behaviour = async (ctx) => {
      startedAt.push(ctx.clock.now().getTime());
      if (ctx.attempt < 4) throw new ActorError("server-error", "502 from the platform");
      return ok();
    };
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "once", at: new Date("2026-01-05T00:00:00Z") } }],
      {
        retries: 3,
        backoffBaseSeconds: 10,
        backoffMaxSeconds: 1000,
        random: () => 1, // the ceiling of each full-jitter draw
      },
    );
    await server.start();
    await clock.advance(10 * MINUTE);
    const gaps = startedAt.slice(1).map((t, i) => t - startedAt[i]!);
    expect(gaps).toEqual([10_000, 20_000, 40_000]);
    expect(new Set(actor.calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(actor.calls.map((c) => c.trigger)).toEqual(["schedule", "retry", "retry", "retry"]);
    const records = await historyOf(store, "flaky");
    expect(records.map((r) => `${r.attempt} ${r.status} ${r.errorCode}`)).toEqual([
      "1 failed server-error",
      "2 failed server-error",
      "3 failed server-error",
      "4 succeeded null",
    ]);
    expect((await store.loadTask("flaky"))?.consecutiveFailures).toBe(0);
    await server.shutdown();
  });

  it("does not retry permanent errors", async () => {
    const actor = new ScriptedActor("denied");
    actor.behaviour = failWith("permission");
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "once", at: new Date("2026-01-05T00:00:00Z") } }],
      { retries: 3 },
    );
    await server.start();
    await clock.advance(10 * MINUTE);
    expect(actor.calls).toHaveLength(1);
    expect((await historyOf(store, "denied")).map((r) => r.errorCode)).toEqual(["permission"]);
    await server.shutdown();
  });

  it("retries a result with failed skills only when every failed skill's error is retryable", async () => {
    const make = (codes: ("rate-limited" | "validation")[]): ExecutionResult => ({
      succeeded: [],
      failed: codes.map((code, i) => ({ skill: `s${i}`, error: new ActorError(code, code) })),
      skipped: [{ skill: "later", reason: "halted" }],
    });
    const allRetryable = new ScriptedActor("all-retryable");
    allRetryable.behaviour = async () => make(["rate-limited", "rate-limited"]);
    const mixed = new ScriptedActor("mixed");
    mixed.behaviour = async () => make(["rate-limited", "validation"]);
    const at = new Date("2026-01-05T00:00:00Z");
    const { clock, store, server } = build(
      [
        { actor: allRetryable, schedule: { type: "once", at } },
        { actor: mixed, schedule: { type: "once", at } },
      ],
      { retries: 2, backoffBaseSeconds: 1 },
    );
    await server.start();
    await clock.advance(10 * MINUTE);
    expect(allRetryable.calls).toHaveLength(3);
    expect(mixed.calls).toHaveLength(1);
    const [record] = await historyOf(store, "mixed");
    expect(record).toMatchObject({
      status: "failed",
      skillsFailed: 2,
      skillsSkipped: 1,
      errorCode: "rate-limited",
    });
    expect(record?.metadata["failures"]).toEqual([
      { skill: "s0", code: "rate-limited", message: "rate-limited" },
      { skill: "s1", code: "validation", message: "validation" },
    ]);
    expect(record?.metadata["skips"]).toEqual([{ skill: "later", reason: "halted" }]);
    await server.shutdown();
  });
});

describe("timeout", () => {
  it("aborts a run past timeoutSeconds through its signal and records timed-out", async () => {
    const actor = new ScriptedActor("stuck");
    let abortReason: unknown;
    actor.behaviour = async (ctx) => {
      ctx.signal.addEventListener("abort", () => (abortReason = ctx.signal.reason));
      return new Promise<ExecutionResult>(() => {}); // ignores the signal and never settles
    };
    const { clock, store, server } = build([
      {
        actor,
        schedule: { type: "once", at: new Date("2026-01-05T00:00:00Z") },
        options: { timeoutSeconds: 30 },
      },
    ]);
    await server.start();
    await clock.advance(29_000);
    expect((await historyOf(store, "stuck"))[0]?.status).toBe("running");
    await clock.advance(2_000);
    const [record] = await historyOf(store, "stuck");
    expect(record).toMatchObject({ status: "timed-out", errorCode: "timeout" });
    expect(record?.completedAt?.toISOString()).toBe("2026-01-05T00:00:30.000Z");
    expect(abortReason).toMatchObject({ name: "ActorError", code: "timeout" });
    await shutdownOnClock(clock, server);
  });
});

describe("timeouts of many runs", () => {
  it("each run times out at its own deadline, whatever the other runs' timeouts and finishing order", async () => {
    // Runs of three timeouts (10 s, 20 s, 30 s) start together and then every 5 s; a third of
    // them finish after 4 s and must not time out, the rest never settle.
    const timeouts = [10, 20, 30];
    const actors = timeouts.flatMap((t) =>
      [0, 1, 2].map((k) => {
        const actor = new ScriptedActor(`t${t}-${k}`);
        actor.behaviour = async (ctx) => {
          if (k === 0) {
            await ctx.clock.sleep(4_000, ctx.signal);
            return { succeeded: [], failed: [], skipped: [] };
          }
          return new Promise<ExecutionResult>(() => {});
        };
        return { actor, timeout: t, startSeconds: 5 * k };
      }),
    );
    const { clock, store, server } = build(
      actors.map(({ actor, timeout, startSeconds }) => ({
        actor,
        schedule: { type: "once", at: new Date(Date.parse(START) + startSeconds * 1_000) },
        options: { timeoutSeconds: timeout },
      })),
      { maxConcurrency: 16 },
    );
    await server.start();
    for (let s = 0; s < 60; s++) await clock.advance(1_000);
    for (const { actor, timeout, startSeconds } of actors) {
      const [record] = await historyOf(store, actor.name);
      const k = startSeconds / 5;
      if (k === 0) {
        expect(record, actor.name).toMatchObject({ status: "succeeded" });
        expect(record?.completedAt?.getTime()).toBe(Date.parse(START) + 4_000);
      } else {
        expect(record, actor.name).toMatchObject({ status: "timed-out", errorCode: "timeout" });
        expect(record?.completedAt?.getTime(), actor.name).toBe(
          Date.parse(START) + (startSeconds + timeout) * 1_000,
        );
      }
    }
    await shutdownOnClock(clock, server);
  });
});

describe("services", () => {
  it("every run sees poster, store, destination and the task's own services in ctx.services", async () => {
    const actor = new ScriptedActor("svc");
    const { clock, store, server } = build([
      {
        actor,
        schedule: { type: "once", at: new Date("2026-01-05T00:00:00Z") },
        options: { destination: "chan-1", services: { extra: 42 } },
      },
    ]);
    await server.start();
    await clock.advance(MINUTE);
    expect(actor.calls[0]?.services).toMatchObject({
      store,
      destination: "chan-1",
      extra: 42,
      poster: null,
    });
    expect(actor.calls[0]?.instanceId).toBe(server.instanceId);
    await server.shutdown();
  });
});

describe("jitter", () => {
  it("fires each slot at a random offset within jitterSeconds while the slot identity stays un-jittered", async () => {
    const actor = new ScriptedActor("spread");
    const firedAt: string[] = [];
    actor.behaviour = async (ctx) => {
      firedAt.push(ctx.clock.now().toISOString().slice(11, 19));
      return ok();
    };
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 600, jitterSeconds: 60 } }],
      {
        random: () => 0.5,
      },
    );
    await server.start();
    await clock.advance(21 * MINUTE);
    expect(firedAt).toEqual(["00:00:30", "00:10:30", "00:20:30"]);
    expect(actor.slots()).toEqual([
      "2026-01-05T00:00:00.000Z",
      "2026-01-05T00:10:00.000Z",
      "2026-01-05T00:20:00.000Z",
    ]);
    expect(actor.calls[1]?.idempotencyKey).toBe("spread@2026-01-05T00:10:00.000Z");
    expect((await store.loadTask("spread"))?.nextRun?.toISOString()).toBe(
      "2026-01-05T00:30:00.000Z",
    );
    await server.shutdown();
  });
});
