import { describe, expectTypeOf, it } from "vitest";
import {
  ActorServerBuilder,
  Bot,
  schedule,
  type ActorStore,
  type ContentPoster,
  type ExecutionContext,
  type RunLogger,
  type ScheduleInput,
} from "../src/index.js";

declare const ctx: ExecutionContext;
declare const actor: Parameters<ActorServerBuilder["actor"]>[0];

describe("the run context's typed accessors", () => {
  it("types poster, destination, store and logger; services stays an untyped record", () => {
    expectTypeOf(ctx.poster).toEqualTypeOf<ContentPoster | undefined>();
    expectTypeOf(ctx.destination).toEqualTypeOf<string | undefined>();
    expectTypeOf(ctx.store).toEqualTypeOf<ActorStore | undefined>();
    expectTypeOf(ctx.logger).toEqualTypeOf<RunLogger | undefined>();
    expectTypeOf(ctx.services).toEqualTypeOf<Readonly<Record<string, unknown>>>();
  });

  it("lets a custom actor post without a cast once it has checked the services are there", () => {
    async function run(c: ExecutionContext): Promise<void> {
      if (c.poster === undefined || c.destination === undefined) return;
      await c.poster.post({ text: "hi" }, c.destination, { idempotencyKey: c.idempotencyKey });
      // @ts-expect-error -- ctx.services entries stay unknown: the typed accessor is ctx.poster
      await c.services["poster"].post({ text: "hi" }, c.destination, { idempotencyKey: "k" });
    }
    expectTypeOf(run).returns.toEqualTypeOf<Promise<void>>();
  });

  it("is readonly", () => {
    // @ts-expect-error -- the context's services are read-only
    ctx.destination = "elsewhere";
  });
});

describe("typed schedule input in the builder and the short form", () => {
  it("takes ScheduleInput, with the documented alternative spellings", () => {
    expectTypeOf<Parameters<ActorServerBuilder["actor"]>[1]>().toEqualTypeOf<ScheduleInput>();
    new ActorServerBuilder().actor(actor, {
      type: "Cron",
      expression: "0 9 * * 1-5",
      time_zone: "Europe/Rome",
    });
    new ActorServerBuilder().actor(actor, { type: "once", at: "2026-03-08T09:00:00Z" });
    new Bot().add(actor, { type: "Interval", seconds: 300, start_at: "2026-03-08T09:00:00Z" });
    schedule({ type: "Once", at: "2026-03-08T09:00:00+01:00" }, async () => {});
    schedule("0 9 * * *", async () => {});
  });

  it("rejects misspelled keys and unknown types", () => {
    // @ts-expect-error -- `expresion` is not a key
    new ActorServerBuilder().actor(actor, { type: "cron", expresion: "0 9 * * *" });
    // @ts-expect-error -- a bare string is a cron expression only in the short form's schedule()
    new ActorServerBuilder().actor(actor, "0 9 * * *");
    // @ts-expect-error -- not a schedule type
    new Bot().add(actor, { type: "weekly" });
    // @ts-expect-error -- `at` is a Date or an ISO date-time
    schedule({ type: "once", at: "next tuesday" }, async () => {});
  });
});
