import {
  GenericActorManager,
  isActorError,
  systemClock,
  type Actor,
  type ExecutionContext,
} from "@actor/core";
import { describe, expect, it } from "vitest";

function actor(name: string, calls: string[] = []): Actor {
  return {
    name,
    async execute(ctx) {
      calls.push(`${name}:${ctx.taskId}`);
      return { succeeded: [{ skill: name, output: ctx.attempt }], failed: [], skipped: [] };
    },
  };
}

function context(taskId = "task"): ExecutionContext {
  const scheduledFor = new Date("2026-01-01T09:00:00Z");
  return {
    taskId,
    actorName: "a",
    scheduledFor,
    idempotencyKey: `${taskId}@${scheduledFor.toISOString()}`,
    attempt: 1,
    trigger: "manual",
    signal: new AbortController().signal,
    clock: systemClock,
    instanceId: "test",
    services: {},
  };
}

describe("GenericActorManager", () => {
  it("registers actors, lists them in registration order and runs the one asked for", async () => {
    const calls: string[] = [];
    const manager = new GenericActorManager<string>();
    manager.registerActor("b", actor("beta", calls));
    manager.registerActor("a", actor("alpha", calls));
    expect(manager.registeredActors()).toEqual(["b", "a"]);
    expect([manager.isRegistered("a"), manager.isRegistered("z")]).toEqual([true, false]);
    expect(manager.getActor("a")?.name).toBe("alpha");
    const result = await manager.executeActor("a", context("t1"));
    expect(result.succeeded).toEqual([{ skill: "alpha", output: 1 }]);
    expect(calls).toEqual(["alpha:t1"]);
  });

  it("refuses a second actor under the same id with a duplicate error and keeps the first", () => {
    const manager = new GenericActorManager<string>();
    manager.registerActor("x", actor("first"));
    let thrown: unknown;
    try {
      manager.registerActor("x", actor("second"));
    } catch (error) {
      thrown = error;
    }
    expect(isActorError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: "duplicate", context: { actorName: "second" } });
    expect((thrown as Error).message).toContain("x");
    expect(manager.getActor("x")?.name).toBe("first");
  });

  it("rejects executing an unknown id with not-found naming the id and the task", async () => {
    const manager = new GenericActorManager<number>();
    await expect(manager.executeActor(7, context("t9"))).rejects.toMatchObject({
      name: "ActorError",
      code: "not-found",
      message: expect.stringContaining("7"),
      context: { taskId: "t9" },
    });
  });

  it("unregisterActor removes the actor and returns whether it was registered", async () => {
    const manager = new GenericActorManager<string>();
    manager.registerActor("x", actor("x"));
    expect(manager.unregisterActor("x")).toBe(true);
    expect(manager.unregisterActor("x")).toBe(false);
    expect(manager.registeredActors()).toEqual([]);
    expect(manager.getActor("x")).toBeUndefined();
    await expect(manager.executeActor("x", context())).rejects.toMatchObject({ code: "not-found" });
    manager.registerActor("x", actor("again"));
    expect(manager.getActor("x")?.name).toBe("again");
  });

  it("passes the actor's rejection through unchanged", async () => {
    const manager = new GenericActorManager<string>();
    const failure = new Error("actor broke");
    manager.registerActor("x", { name: "x", execute: () => Promise.reject(failure) });
    await expect(manager.executeActor("x", context())).rejects.toBe(failure);
  });
});
