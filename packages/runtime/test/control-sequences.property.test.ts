import {
  ActorError,
  MemoryStatePersistence,
  type Actor,
  type ExecutionContext,
  type ExecutionResult,
  type TaskState,
} from "@actor/core";
import { FakeClock, LatencyStore, advanceUntilSettled, crashServer } from "@actor/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ActorServerBuilder,
  type ScheduledActorServer,
  type TaskDefinition,
} from "../src/index.js";
import { START, seeded } from "./support/harness.js";

/**
 * Random sequences of control operations — start, trigger, pause, resume, reload (add, remove,
 * change), shutdown, crash-and-restart, time passing — on a fake clock and a store taking 1–150 ms
 * per call, with actors that succeed, fail, time out or ignore their signal. After every step:
 * never two live executions of one task; no `running` record outlives its attempt by more than
 * one sweep; no slot succeeds twice; and once quiet, the stored state equals the engine's.
 */

const IDS = ["t0", "t1", "t2"] as const;
const TTL_S = 30; // instance and lease TTL; the sweep runs every TTL/3
const SWEEP_SLACK_MS = TTL_S * 1000 + (TTL_S * 1000) / 3 + 5_000;

type Op =
  | { kind: "start" }
  | { kind: "advance"; ms: number }
  | { kind: "trigger" | "pause" | "resume"; task: number }
  | { kind: "reload"; tasks: number[]; periods: number[] }
  | { kind: "shutdown" }
  | { kind: "crash" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "start" }) },
  {
    weight: 5,
    arbitrary: fc.integer({ min: 100, max: 90_000 }).map((ms) => ({ kind: "advance", ms }) as Op),
  },
  ...(["trigger", "pause", "resume"] as const).map((kind) => ({
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 2 }).map((task) => ({ kind, task }) as Op),
  })),
  {
    weight: 2,
    arbitrary: fc
      .record({
        tasks: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
        periods: fc.array(fc.constantFrom(10, 20, 45, 120), { minLength: 3, maxLength: 3 }),
      })
      .map((r) => ({ kind: "reload", ...r }) as Op),
  },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "shutdown" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "crash" }) },
);

/** One simulated world: the data, the clock, the current process and what the actors saw. */
class World {
  readonly clock = new FakeClock(START);
  readonly data = new MemoryStatePersistence({ clock: this.clock });
  readonly random: () => number;
  wire!: LatencyStore;
  server: ScheduledActorServer | null = null;
  generation = 0;
  definitions: TaskDefinition[];
  /** Live executions: task id → generations of the processes running them. */
  readonly live = new Map<string, number[]>();
  /** Records of attempts in flight in the current process. */
  readonly openRecords = new Set<string>();
  crashedAt = Number.NEGATIVE_INFINITY;
  violations: string[] = [];
  readonly actors: Actor[];

  constructor(seed: number) {
    this.random = seeded(seed);
    this.actors = IDS.map((id) => this.#actor(id));
    this.definitions = IDS.map((_, i) => this.#definition(i, 20));
  }

  #definition(index: number, periodS: number): TaskDefinition {
    return { actor: this.actors[index]!, schedule: { type: "interval", seconds: periodS } };
  }

  #actor(id: string): Actor {
    return {
      name: id,
      execute: async (ctx: ExecutionContext): Promise<ExecutionResult> => {
        const generation = this.generation;
        const running = this.live.get(id) ?? [];
        if (running.includes(generation))
          this.violations.push(`two live executions of ${id} at ${ctx.clock.now().toISOString()}`);
        running.push(generation);
        this.live.set(id, running);
        const roll = this.random();
        try {
          if (roll < 0.5) await ctx.clock.sleep(Math.floor(roll * 10_000), ctx.signal);
          else if (roll < 0.65) throw new ActorError("server-error", "flaky");
          else if (roll < 0.75) throw new ActorError("auth", "denied");
          else if (roll < 0.88)
            await ctx.clock.sleep(20_000, ctx.signal); // times out at 10 s
          else await ctx.clock.sleep(12_000); // ignores its signal, settles within the hard limit
          return { succeeded: [{ skill: "work", output: null }], failed: [], skipped: [] };
        } finally {
          const list = this.live.get(id) ?? [];
          const at = list.indexOf(generation);
          if (at >= 0) list.splice(at, 1);
        }
      },
    };
  }

  drive<T>(promise: Promise<T>): Promise<T> {
    return advanceUntilSettled(this.clock, promise, { stepMs: 10, limitMs: 120_000 });
  }

  async start(): Promise<void> {
    if (this.server?.isRunning()) return;
    this.wire = new LatencyStore(this.data, {
      latencyMs: [1, 150],
      clock: this.clock,
      random: this.random,
    });
    const server = new ActorServerBuilder()
      .store(this.wire)
      .clock(this.clock)
      .options({
        instanceId: "prop",
        logger: null,
        timeoutSeconds: 40,
        retries: 1,
        backoffBaseSeconds: 1,
        maxConsecutiveFailures: 3,
        leaseTtlSeconds: TTL_S,
        shutdownTimeoutSeconds: 2,
        maxConcurrency: 2,
        random: this.random,
      })
      .build();
    server.on("run:start", (e) => this.openRecords.add(e.executionId));
    server.on("run:finish", (e) => this.openRecords.delete(e.record.id));
    await server.reload(this.definitions);
    // A restart right after a crash waits until the dead process's registration lapses.
    for (let tries = 0; ; tries++) {
      try {
        await this.drive(server.start());
        break;
      } catch (error) {
        if ((error as ActorError).code !== "conflict" || tries > 20) throw error;
        await this.clock.advance(5_000);
      }
    }
    this.server = server;
  }

  async apply(op: Op): Promise<void> {
    const server = this.server?.isRunning() ? this.server : null;
    switch (op.kind) {
      case "start":
        return this.start();
      case "advance":
        return this.clock.advance(op.ms);
      case "shutdown":
        if (server) await this.drive(server.shutdown());
        this.openRecords.clear();
        return;
      case "crash":
        if (!server) return;
        crashServer(server, this.wire);
        this.generation++;
        this.live.clear(); // the killed process's executions are gone
        this.openRecords.clear();
        this.crashedAt = this.clock.nowMs();
        return this.start();
      case "reload": {
        this.definitions = op.tasks.map((i) => this.#definition(i, op.periods[i]!));
        if (server) await this.drive(server.reload(this.definitions));
        return;
      }
      default: {
        if (!server) return;
        const id = IDS[op.task]!;
        const call: Promise<unknown> =
          op.kind === "trigger"
            ? server.executeTask(id)
            : op.kind === "pause"
              ? server.pauseTask(id)
              : server.resumeTask(id);
        await this.drive(call).catch((error: unknown) => {
          const code = (error as ActorError).code;
          // Not configured, paused/completed, or held: the refusals a caller can get.
          if (code !== "not-found" && code !== "invalid-state" && code !== "conflict") throw error;
        });
      }
    }
  }

  /** The invariants that must hold after every step. */
  async check(): Promise<void> {
    const now = this.clock.nowMs();
    const running = await this.data.running();
    const perTask = new Map<string, number>();
    for (const record of running) {
      perTask.set(record.taskId, (perTask.get(record.taskId) ?? 0) + 1);
      const ownLive = this.openRecords.has(record.id);
      if (!ownLive && this.server?.isRunning() && now - this.crashedAt > SWEEP_SLACK_MS)
        this.violations.push(`record ${record.id} of ${record.taskId} left running`);
    }
    for (const [taskId, n] of perTask)
      if (n > 1 && now - this.crashedAt > SWEEP_SLACK_MS)
        this.violations.push(`${n} running records of ${taskId}`);
    for (const id of IDS) {
      const history = await this.data.history(id, { limit: 10_000 });
      const succeeded = new Set<number>();
      for (const r of history) {
        if (r.status !== "succeeded" || r.metadata["trigger"] === "manual") continue;
        const slot = r.scheduledFor.getTime();
        if (succeeded.has(slot))
          this.violations.push(`slot ${r.scheduledFor.toISOString()} of ${id} succeeded twice`);
        succeeded.add(slot);
      }
    }
  }

  /** Once quiet (nothing running, nothing being written), the store holds the engine's state. */
  async checkQuiet(): Promise<void> {
    const server = this.server;
    if (!server?.isRunning()) return;
    for (let i = 0; i < 30; i++) {
      const statuses = await this.drive(server.listTasks());
      const quiet =
        statuses.every((s) => !s.running) &&
        this.openRecords.size === 0 &&
        this.wire.inFlight === 0 &&
        statuses.every((s) => !s.nextRun || s.nextRun.getTime() > this.clock.nowMs() + 1_000);
      if (quiet) {
        const stored = new Map((await this.data.listTasks()).map((s) => [s.taskId, s]));
        for (const status of statuses) {
          const state = stored.get(status.taskId);
          const pick = (s: TaskState | undefined) =>
            s && {
              lastRun: s.lastRun?.getTime() ?? null,
              nextRun: s.nextRun?.getTime() ?? null,
              paused: s.paused,
              consecutiveFailures: s.consecutiveFailures,
              completed: s.completed,
              active: s.active,
              actorName: s.actorName,
            };
          expect(pick(state), `stored state of ${status.taskId}`).toEqual(pick(status));
        }
        return;
      }
      await this.clock.advance(1_000);
    }
  }
}

describe("random control sequences on a slow store (property)", () => {
  it("keep the engine's invariants after every step", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(opArb, { minLength: 3, maxLength: 12 }),
        async (seed, ops) => {
          const world = new World(seed);
          await world.start();
          for (const op of ops) {
            await world.apply(op);
            await world.check();
            expect(world.violations, `after ${JSON.stringify(op)}`).toEqual([]);
          }
          await world.clock.advance(60_000);
          await world.check();
          expect(world.violations).toEqual([]);
          await world.checkQuiet();
          if (world.server?.isRunning()) await world.drive(world.server.shutdown());
        },
      ),
      { numRuns: 15, seed: 20_261_201, endOnFailure: true },
    );
  }, 60_000);
});
