import {
  emptyResult,
  idempotencyKeyFor,
  isSuccessfulResult,
  newTaskState,
  ActorError,
} from "@actor/core";
import { describe, expect, it } from "vitest";

describe("idempotencyKeyFor", () => {
  it("joins the task id and the slot's UTC ISO instant with @", () => {
    expect(idempotencyKeyFor("daily", new Date("2026-03-08T09:00:00+01:00"))).toBe(
      "daily@2026-03-08T08:00:00.000Z",
    );
  });

  it("gives different keys to different tasks and different slots, the same key to equal instants", () => {
    const slot = new Date("2026-01-01T00:00:00Z");
    expect(idempotencyKeyFor("a", slot)).not.toBe(idempotencyKeyFor("b", slot));
    expect(idempotencyKeyFor("a", slot)).not.toBe(
      idempotencyKeyFor("a", new Date(slot.getTime() + 1)),
    );
    expect(idempotencyKeyFor("a", slot)).toBe(idempotencyKeyFor("a", new Date(slot.getTime())));
  });
});

describe("newTaskState", () => {
  it("fills every field not given with its default", () => {
    expect(newTaskState({ taskId: "t", actorName: "a" })).toEqual({
      taskId: "t",
      actorName: "a",
      lastRun: null,
      nextRun: null,
      consecutiveFailures: 0,
      paused: false,
      pauseReason: null,
      completed: false,
      active: true,
      scheduleKey: null,
      metadata: {},
      version: 0,
      updatedAt: new Date(0),
    });
  });

  it("keeps the given fields over the defaults", () => {
    const nextRun = new Date("2026-01-01T09:00:00Z");
    expect(
      newTaskState({
        taskId: "t",
        actorName: "a",
        nextRun,
        paused: true,
        pauseReason: "manual",
        metadata: { k: 1 },
      }),
    ).toMatchObject({
      nextRun,
      paused: true,
      pauseReason: "manual",
      metadata: { k: 1 },
    });
  });

  it("gives each state its own metadata object", () => {
    const a = newTaskState({ taskId: "a", actorName: "x" });
    a.metadata["k"] = 1;
    expect(newTaskState({ taskId: "b", actorName: "x" }).metadata).toEqual({});
  });
});

describe("execution results", () => {
  it("emptyResult has no skills and counts as successful; any failed skill makes a result unsuccessful", () => {
    const result = emptyResult();
    expect(result).toEqual({ succeeded: [], failed: [], skipped: [] });
    expect(isSuccessfulResult(result)).toBe(true);
    result.failed.push({ skill: "post", error: new ActorError("auth", "bad token") });
    expect(isSuccessfulResult(result)).toBe(false);
    expect(emptyResult().failed).toEqual([]);
  });
});
