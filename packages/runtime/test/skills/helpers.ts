import {
  idempotencyKeyFor,
  MemoryStatePersistence,
  type Clock,
  type ExecutionContext,
  type PostRecord,
  type SkillContext,
} from "@actor/core";
import { FakeClock, RecordingPoster } from "@actor/testkit";

export { FakeClock, RecordingPoster };

/** Parts of a run context a test sets. */
export interface ContextInit {
  clock?: Clock;
  taskId?: string;
  actorName?: string;
  scheduledFor?: Date | string;
  signal?: AbortSignal;
  services?: Record<string, unknown>;
}

/** A run context like the engine builds, with the fake clock's now as the slot by default. */
export function makeContext(init: ContextInit = {}): ExecutionContext {
  const clock = init.clock ?? new FakeClock("2026-03-02T09:00:00Z");
  const taskId = init.taskId ?? "daily";
  const scheduledFor = new Date(init.scheduledFor ?? clock.now());
  return {
    taskId,
    actorName: init.actorName ?? "quotes",
    scheduledFor,
    idempotencyKey: idempotencyKeyFor(taskId, scheduledFor),
    attempt: 1,
    trigger: "schedule",
    signal: init.signal ?? new AbortController().signal,
    clock,
    instanceId: "test-instance",
    services: init.services ?? {},
  };
}

/** A skill context with the given earlier outputs. */
export function skillContext(
  init: ContextInit = {},
  outputs: Record<string, unknown> = {},
): SkillContext {
  return { ...makeContext(init), outputs: new Map(Object.entries(outputs)) };
}

/** A post record with defaults, for seeding the post history. */
export function postRecord(
  init: Omit<Partial<PostRecord>, "postedAt"> & { postedAt: Date | string },
): PostRecord {
  const postedAt = new Date(init.postedAt);
  return {
    idempotencyKey: init.idempotencyKey ?? `daily@${postedAt.toISOString()}`,
    taskId: "daily",
    actorName: "quotes",
    platform: "test",
    destination: "channel-1",
    contentId: null,
    messageIds: ["m"],
    metadata: {},
    ...init,
    postedAt,
  };
}

/** A fresh store, poster and clock wired as the engine would put them in `ctx.services`. */
export function makeWorld(start = "2026-03-02T09:00:00Z") {
  const clock = new FakeClock(start);
  const store = new MemoryStatePersistence({ clock });
  const poster = new RecordingPoster({ clock, platform: "test" });
  const services = { store, poster, destination: "channel-1" };
  return { clock, store, poster, services };
}
