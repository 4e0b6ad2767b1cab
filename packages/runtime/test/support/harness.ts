import {
  ActorError,
  MemoryStatePersistence,
  type Actor,
  type ActorStore,
  type ExecutionContext,
  type ExecutionRecord,
  type ExecutionResult,
} from "@actor/core";
import { FakeClock } from "@actor/testkit";
import type { ScheduleType } from "@actor/schedule";
import {
  ActorServerBuilder,
  type AlertSink,
  type ScheduledActorServer,
  type ServerOptions,
  type TaskOptions,
} from "../../src/index.js";

export const START = "2026-01-05T00:00:00Z";
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function ok(output: unknown = null): ExecutionResult {
  return { succeeded: [{ skill: "work", output }], failed: [], skipped: [] };
}

/** An actor whose behaviour each test sets; it records every context it was called with. */
export class ScriptedActor implements Actor {
  readonly calls: ExecutionContext[] = [];
  behaviour: (ctx: ExecutionContext) => Promise<ExecutionResult> = async () => ok();
  constructor(readonly name: string) {}
  execute(ctx: ExecutionContext): Promise<ExecutionResult> {
    this.calls.push(ctx);
    return this.behaviour(ctx);
  }
  slots(): string[] {
    return this.calls.map((c) => c.scheduledFor.toISOString());
  }
}

/** Waits on the clock for `ms`, failing with the signal's reason when aborted. */
export function busyFor(ms: number): (ctx: ExecutionContext) => Promise<ExecutionResult> {
  return async (ctx) => {
    await ctx.clock.sleep(ms, ctx.signal);
    return ok();
  };
}

export function failWith(code: ConstructorParameters<typeof ActorError>[0]) {
  return async (): Promise<ExecutionResult> => {
    throw new ActorError(code, `boom (${code})`);
  };
}

export interface Setup {
  clock: FakeClock;
  store: ActorStore;
  server: ScheduledActorServer;
}

export interface TaskSpec {
  actor: Actor;
  schedule: ScheduleType;
  options?: TaskOptions;
}

/** Builds (not starts) a server on a shared fake clock and memory store. */
export function build(
  tasks: TaskSpec[],
  options: ServerOptions = {},
  shared: { clock?: FakeClock; store?: ActorStore } = {},
  alerts?: AlertSink,
): Setup {
  const clock = shared.clock ?? new FakeClock(START);
  const store = shared.store ?? new MemoryStatePersistence({ clock });
  const builder = new ActorServerBuilder()
    .store(store)
    .clock(clock)
    .options({ retries: 0, random: () => 0.5, logger: null, ...options });
  if (alerts) builder.alerts(alerts);
  for (const t of tasks) builder.actor(t.actor, t.schedule, t.options);
  return { clock, store, server: builder.build() };
}

/** Every record of a task, oldest first. */
export async function historyOf(store: ActorStore, taskId: string): Promise<ExecutionRecord[]> {
  return (await store.history(taskId, { limit: 100_000 })).reverse();
}

/** A deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuts the server down, moving the fake clock on until it has (runs in flight get their grace). */
export async function shutdownOnClock(
  clock: FakeClock,
  server: ScheduledActorServer,
): Promise<void> {
  let done = false;
  const stopping = server.shutdown().then(() => {
    done = true;
  });
  for (let i = 0; i < 600 && !done; i++) await clock.advance(1_000);
  await stopping;
}
