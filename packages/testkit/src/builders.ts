import {
  idempotencyKeyFor,
  newTaskState,
  type NewExecution,
  type PostRecord,
  type TaskState,
} from "@actor/core";

/** The instant every builder uses unless told otherwise: 2026-01-01T00:00:00.000Z. */
export const DEFAULT_INSTANT = new Date("2026-01-01T00:00:00.000Z");

let taskCounter = 0;

/**
 * A complete {@link TaskState} for tests: an active, unpaused task named `task-<n>` (unique per
 * call) of actor `actor`, due at {@link DEFAULT_INSTANT}. Anything in `overrides` wins.
 *
 * @example
 * ```ts
 * const paused = makeTaskState({ taskId: "daily", paused: true, pauseReason: "manual" });
 * ```
 */
export function makeTaskState(overrides: Partial<TaskState> = {}): TaskState {
  taskCounter += 1;
  return newTaskState({
    taskId: `task-${taskCounter}`,
    actorName: "actor",
    nextRun: new Date(DEFAULT_INSTANT),
    ...overrides,
  });
}

/**
 * A {@link NewExecution} for `ExecutionLog.start`: first attempt of task `task-1`'s slot at
 * {@link DEFAULT_INSTANT}, started at that instant by instance `test-instance`.
 *
 * @example
 * ```ts
 * const rec = await store.start(makeExecution({ taskId: "daily", startedAt: clock.now() }));
 * ```
 */
export function makeExecution(overrides: Partial<NewExecution> = {}): NewExecution {
  return {
    taskId: "task-1",
    actorName: "actor",
    scheduledFor: new Date(DEFAULT_INSTANT),
    startedAt: new Date(DEFAULT_INSTANT),
    attempt: 1,
    instanceId: "test-instance",
    ...overrides,
  };
}

/**
 * A {@link PostRecord} for `PostHistory.recordPost`: one message `message-1` posted by task
 * `task-1` to `channel-1` on platform `test` at {@link DEFAULT_INSTANT}. Unless given, the
 * idempotency key is derived from `taskId` and `postedAt` the way a slot's key is
 * (`taskId@postedAt`), so posts with different tasks or instants get different keys.
 *
 * @example
 * ```ts
 * await store.recordPost(makePost({ taskId: "daily", postedAt: clock.now() }));
 * ```
 */
export function makePost(overrides: Partial<PostRecord> = {}): PostRecord {
  const taskId = overrides.taskId ?? "task-1";
  const postedAt = overrides.postedAt ?? new Date(DEFAULT_INSTANT);
  return {
    idempotencyKey: idempotencyKeyFor(taskId, postedAt),
    taskId,
    actorName: "actor",
    platform: "test",
    destination: "channel-1",
    contentId: null,
    messageIds: ["message-1"],
    postedAt,
    metadata: {},
    ...overrides,
  };
}
