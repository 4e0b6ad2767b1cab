import {
  MemoryStatePersistence,
  type ContentPoster,
  type ExecutionContext,
  type ExecutionResult,
  type PostedMessage,
} from "@actor/core";
import { FakeClock } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { ActorServerBuilder } from "../src/index.js";
import { DAY, HOUR, MINUTE, ScriptedActor, build, busyFor, historyOf } from "./support/harness.js";

describe("graceful shutdown", () => {
  it("stops claiming and lets a run that finishes within shutdownTimeoutSeconds succeed", async () => {
    const actor = new ScriptedActor("job");
    actor.behaviour = busyFor(10_000);
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 15 } }],
      { shutdownTimeoutSeconds: 30 },
    );
    await server.start();
    await clock.advance(1_000);
    const stopping = server.shutdown();
    await clock.advance(30_000); // a slot at 00:15 and 00:30 would come due: none starts
    await stopping;
    expect(server.phase).toBe("stopped");
    expect(actor.calls).toHaveLength(1);
    expect((await historyOf(store, "job")).map((r) => r.status)).toEqual(["succeeded"]);
    expect((await store.loadTask("job"))?.nextRun?.toISOString()).toBe("2026-01-05T00:00:15.000Z");
  });

  it("aborts a run still going after shutdownTimeoutSeconds, records it interrupted, keeps its slot due and releases leases", async () => {
    const actor = new ScriptedActor("slow");
    let reason: unknown;
    actor.behaviour = async (ctx) => {
      try {
        return await busyFor(10 * MINUTE)(ctx);
      } catch (error) {
        reason = error;
        throw error;
      }
    };
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "cron", expression: "*/30 * * * *" } }],
      {
        shutdownTimeoutSeconds: 30,
        timeoutSeconds: 3_600,
      },
    );
    await server.start();
    await clock.advance(30 * MINUTE);
    let resolved = false;
    const stopping = server.shutdown().then(() => (resolved = true));
    await clock.advance(29_000);
    expect(resolved).toBe(false);
    await clock.advance(2_000);
    await stopping;
    const [record] = await historyOf(store, "slow");
    expect(record).toMatchObject({ status: "interrupted", errorCode: "aborted" });
    expect(reason).toMatchObject({ code: "aborted" });
    const state = await store.loadTask("slow");
    expect(state?.nextRun?.toISOString()).toBe("2026-01-05T00:30:00.000Z");
    expect(state?.consecutiveFailures).toBe(0);
    const other = store.leaser({ owner: "someone-else", ttlMs: 60_000 });
    expect(await other.claim(["slow"], clock.now())).toHaveLength(1);
  });

  it("jobs still waiting for the pool at shutdown do not start: recorded as stopping skips, their slot stays due", async () => {
    const first = new ScriptedActor("first");
    const second = new ScriptedActor("second");
    first.behaviour = busyFor(10_000);
    const at = new Date("2026-01-05T00:00:00Z");
    const { clock, store, server } = build(
      [
        { actor: first, schedule: { type: "once", at } },
        { actor: second, schedule: { type: "once", at } },
      ],
      { maxConcurrency: 1 },
    );
    const errors: string[] = [];
    server.on("error", (e) => errors.push(e.operation));
    server.on("run:start", () => {
      throw new Error("a broken listener");
    });
    await server.start();
    await clock.runDue();
    const stopping = server.shutdown();
    await clock.advance(10_000);
    await stopping;
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(
      (await historyOf(store, "second")).map((r) => `${r.status} ${String(r.metadata["reason"])}`),
    ).toEqual(["skipped stopping"]);
    expect((await store.loadTask("second"))?.nextRun?.toISOString()).toBe(at.toISOString());
    expect(errors).toEqual(["listener of run:start"]);
  });

  it("runForever resolves once shutdown has saved everything", async () => {
    const { server } = build([]);
    let over = false;
    const forever = server.runForever().then(() => (over = true));
    await new Promise((r) => setImmediate(r));
    expect(server.isRunning()).toBe(true);
    expect(over).toBe(false);
    await server.shutdown();
    await forever;
    expect(over).toBe(true);
  });
});

/** A poster that remembers what it sent. */
class CountingPoster implements ContentPoster {
  readonly platform = "test";
  readonly sent: string[] = [];
  canPost(): boolean {
    return true;
  }
  async post(
    _content: unknown,
    destination: string,
    options: { idempotencyKey: string },
  ): Promise<PostedMessage> {
    this.sent.push(options.idempotencyKey);
    const id = String(this.sent.length);
    return { id, ids: [id], platform: this.platform, destination, postedAt: new Date(0) };
  }
}

/** Posts once per slot: checks the post history first, records after posting, optionally "crashes" after. */
function postingActor(crashAfterPost: () => boolean) {
  return {
    name: "poster",
    async execute(ctx: ExecutionContext): Promise<ExecutionResult> {
      const { store, poster } = ctx;
      if (!store || !poster) throw new Error("the engine provides a store and a poster");
      if (await store.findPost(ctx.idempotencyKey)) {
        return {
          succeeded: [],
          failed: [],
          skipped: [{ skill: "post", reason: "already posted" }],
        };
      }
      const message = await poster.post({ text: "hello" }, "chan", {
        idempotencyKey: ctx.idempotencyKey,
        signal: ctx.signal,
      });
      await store.recordPost({
        idempotencyKey: ctx.idempotencyKey,
        taskId: ctx.taskId,
        actorName: ctx.actorName,
        platform: poster.platform,
        destination: "chan",
        contentId: null,
        messageIds: message.ids,
        postedAt: ctx.clock.now(),
        metadata: {},
      });
      if (crashAfterPost()) await new Promise(() => {}); // the process dies here
      return { succeeded: [{ skill: "post", output: message.id }], failed: [], skipped: [] };
    },
  };
}

describe("crash recovery", () => {
  it("closes a dead owner's running record as abandoned and never posts the slot twice", async () => {
    const store = new MemoryStatePersistence();
    const poster = new CountingPoster();
    let crash = true;
    const actor = postingActor(() => crash);
    const schedule = { type: "cron" as const, expression: "0 9 * * *" };
    const clockA = new FakeClock("2026-01-05T08:59:00Z");
    const a = new ActorServerBuilder()
      .store(store)
      .poster(poster)
      .clock(clockA)
      .actor(actor, schedule)
      .build();
    await a.start();
    await clockA.advance(2 * MINUTE); // posts the 09:00 slot, then "dies" mid-run
    expect(poster.sent).toEqual(["poster@2026-01-05T09:00:00.000Z"]);
    expect((await store.running()).map((r) => r.instanceId)).toEqual([a.instanceId]);

    crash = false;
    const clockB = new FakeClock("2026-01-05T09:10:00Z"); // restarted ten minutes later, lease expired
    const b = new ActorServerBuilder()
      .store(store)
      .poster(poster)
      .clock(clockB)
      .actor(actor, schedule)
      .build();
    await b.start();
    await clockB.runDue();
    const records = await historyOf(store, "poster");
    expect(records.map((r) => `${r.instanceId === a.instanceId ? "A" : "B"} ${r.status}`)).toEqual([
      "A abandoned",
      "B succeeded",
    ]);
    expect(records[1]?.scheduledFor.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(records[1]?.metadata["skips"]).toEqual([{ skill: "post", reason: "already posted" }]);
    expect(poster.sent).toEqual(["poster@2026-01-05T09:00:00.000Z"]);
    expect((await store.posts()).length).toBe(1);
    await clockB.advance(DAY);
    expect(poster.sent).toHaveLength(2);
    await b.shutdown();
  });

  it("restores paused state and failure counts from the store on start", async () => {
    const actor = new ScriptedActor("daily");
    const schedule = { type: "cron" as const, expression: "0 9 * * *" };
    const a = build([{ actor, schedule }]);
    await a.server.start();
    await a.server.pauseTask("daily");
    await a.server.shutdown();
    const b = build([{ actor, schedule }], {}, { clock: a.clock, store: a.store });
    await b.server.start();
    await a.clock.advance(2 * DAY);
    expect(actor.calls).toHaveLength(0);
    expect(await b.server.taskStatus("daily")).toMatchObject({
      paused: true,
      pauseReason: "manual",
    });
    await b.server.shutdown();
  });
});

describe("reconciling configuration on start", () => {
  it("a schedule changed while the server was down recomputes next_run from now; an unchanged one keeps the stored next_run", async () => {
    const changed = new ScriptedActor("changed");
    const same = new ScriptedActor("same");
    const a = build([
      { actor: changed, schedule: { type: "cron", expression: "0 9 * * *" } },
      { actor: same, schedule: { type: "cron", expression: "0 9 * * *" } },
    ]);
    await a.server.start();
    await a.server.shutdown();
    await a.clock.advance(HOUR);
    const b = build(
      [
        { actor: changed, schedule: { type: "cron", expression: "30 1 * * *" } },
        { actor: same, schedule: { type: "cron", expression: "0 9 * * *" } },
      ],
      {},
      { clock: a.clock, store: a.store },
    );
    await b.server.start();
    expect((await a.store.loadTask("changed"))?.nextRun?.toISOString()).toBe(
      "2026-01-05T01:30:00.000Z",
    );
    expect((await a.store.loadTask("same"))?.nextRun?.toISOString()).toBe(
      "2026-01-05T09:00:00.000Z",
    );
    await b.server.shutdown();
  });
});

describe("once and immediate across restarts", () => {
  it("a once task completes after it succeeds and never fires again, across restarts", async () => {
    const actor = new ScriptedActor("launch");
    const schedule = { type: "once" as const, at: new Date("2026-01-05T06:00:00Z") };
    const a = build([{ actor, schedule }]);
    await a.server.start();
    await a.clock.advance(7 * HOUR);
    await a.server.shutdown();
    expect(actor.calls).toHaveLength(1);
    expect(await a.store.loadTask("launch")).toMatchObject({ completed: true, nextRun: null });
    const b = build([{ actor, schedule }], {}, { clock: a.clock, store: a.store });
    await b.server.start();
    await a.clock.advance(3 * DAY);
    expect(actor.calls).toHaveLength(1);
    await expect(b.server.executeTask("launch")).rejects.toMatchObject({ code: "invalid-state" });
    await b.server.shutdown();
  });

  it("an immediate task fires once at each start and not in between", async () => {
    const actor = new ScriptedActor("hello");
    const schedule = { type: "immediate" as const };
    const a = build([{ actor, schedule }]);
    await a.server.start();
    await a.clock.advance(DAY);
    await a.server.shutdown();
    expect(actor.calls.map((c) => c.trigger)).toEqual(["startup"]);
    const b = build([{ actor, schedule }], {}, { clock: a.clock, store: a.store });
    await b.server.start();
    await a.clock.advance(DAY);
    await b.server.shutdown();
    expect(actor.calls).toHaveLength(2);
  });

  it("a task removed from the configuration keeps its state and history but becomes inactive", async () => {
    const keep = new ScriptedActor("keep");
    const gone = new ScriptedActor("gone");
    const a = build([
      { actor: keep, schedule: { type: "interval", seconds: 3_600 } },
      { actor: gone, schedule: { type: "interval", seconds: 3_600 } },
    ]);
    await a.server.start();
    await a.clock.advance(MINUTE);
    await a.server.shutdown();
    const b = build(
      [{ actor: keep, schedule: { type: "interval", seconds: 3_600 } }],
      {},
      { clock: a.clock, store: a.store },
    );
    await b.server.start();
    await a.clock.advance(5 * HOUR);
    expect(gone.calls).toHaveLength(1);
    expect(await a.store.loadTask("gone")).toMatchObject({ active: false, nextRun: null });
    expect(await historyOf(a.store, "gone")).toHaveLength(1);
    expect(await b.server.taskStatus("gone")).toMatchObject({ active: false, running: false });
    expect((await b.server.listTasks()).map((t) => `${t.taskId} ${t.active}`)).toEqual([
      "gone false",
      "keep true",
    ]);
    await b.server.shutdown();
  });
});
