import { type ExecutionContext, type RunLogger } from "@actor/core";
import { FakeClock, RecordingPoster } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import { ActorServerBuilder, MemoryStatePersistence } from "../src/index.js";
import { MINUTE, START, ScriptedActor, ok, shutdownOnClock } from "./support/harness.js";

function collectingLogger(lines: string[]): RunLogger {
  return {
    info: (_obj, msg) => lines.push(`info ${msg ?? ""}`),
    warn: (_obj, msg) => lines.push(`warn ${msg ?? ""}`),
    error: (_obj, msg) => lines.push(`error ${msg ?? ""}`),
  };
}

describe("typed context accessors", () => {
  it("a custom actor posts with ctx.poster to ctx.destination, reads ctx.store and logs to ctx.logger, with no cast", async () => {
    const clock = new FakeClock(START);
    const store = new MemoryStatePersistence({ clock });
    const poster = new RecordingPoster({ clock });
    const lines: string[] = [];
    const logger = collectingLogger(lines);
    const actor = new ScriptedActor("news");
    actor.behaviour = async (ctx) => {
      if (!ctx.poster || !ctx.destination || !ctx.store || !ctx.logger) throw new Error("missing");
      const posted = await ctx.poster.post({ text: "hello" }, ctx.destination, {
        idempotencyKey: ctx.idempotencyKey,
      });
      ctx.logger.info({ taskId: ctx.taskId }, `posted ${posted.id}`);
      const state = await ctx.store.loadTask(ctx.taskId);
      ctx.logger.info({}, `state of ${state?.taskId ?? "none"}`);
      return ok();
    };
    const server = new ActorServerBuilder()
      .persistence(store)
      .clock(clock)
      .poster(poster)
      .options({ retries: 0, logger })
      .actor(actor, { type: "Interval", seconds: 600 }, { destination: "general" })
      .build();
    await server.start();
    await clock.advance(MINUTE);
    const ctx = actor.calls[0]!;
    expect(ctx.poster).toBe(poster);
    expect(ctx.poster).toBe(ctx.services["poster"]);
    expect(ctx.destination).toBe("general");
    expect(ctx.store).toBe(store);
    expect(ctx.logger).toBe(logger);
    expect(poster.calls.map((c) => c.destination)).toEqual(["general"]);
    expect(lines).toContain(`info posted ${poster.posted[0]!.id}`);
    expect(lines).toContain("info state of news");
    await shutdownOnClock(clock, server);
  });

  it("is undefined for what the server does not provide, or provides in the wrong shape", async () => {
    const clock = new FakeClock(START);
    const actor = new ScriptedActor("bare");
    const server = new ActorServerBuilder()
      .persistence(new MemoryStatePersistence({ clock }))
      .clock(clock)
      .options({ retries: 0, logger: null })
      .services({ logger: "not a logger" })
      .actor(actor, { type: "immediate" })
      .build();
    await server.start();
    await clock.advance(MINUTE);
    const ctx: ExecutionContext = actor.calls[0]!;
    expect(ctx.poster).toBeUndefined();
    expect(ctx.destination).toBeUndefined();
    expect(ctx.logger).toBeUndefined();
    expect(ctx.services["logger"]).toBe("not a logger");
    expect(ctx.store).toBeDefined();
    await shutdownOnClock(clock, server);
  });
});
