import { describe, expectTypeOf, it } from "vitest";
import {
  ActorServerBuilder,
  Bot,
  MemoryStatePersistence,
  every,
  postSkill,
  schedule,
  type Actor,
  type Content,
  type ContentPoster,
  type ExecutionContext,
  type PostedMessage,
  type ScheduleType,
} from "../src/index.js";

/** A poster with its own message type and its own destination type. */
interface Sms {
  body: string;
}
interface Phone {
  e164: string;
}
declare const smsPoster: ContentPoster<Sms, Phone, PostedMessage>;
declare const contentPoster: ContentPoster;

describe("ContentPoster generics flow through the builder and postSkill()", () => {
  it("the builder takes a poster with its own message type", () => {
    expectTypeOf(new ActorServerBuilder().poster(smsPoster)).toEqualTypeOf<ActorServerBuilder>();
    expectTypeOf(
      new ActorServerBuilder().poster(contentPoster),
    ).toEqualTypeOf<ActorServerBuilder>();
  });

  it("post() with such a poster needs toMessage, typed from Content to the poster's message", () => {
    postSkill({
      poster: smsPoster,
      destination: { e164: "+33600000000" },
      toMessage: (content) => {
        expectTypeOf(content).toEqualTypeOf<Content>();
        return { body: content.text ?? "" };
      },
    });
    // @ts-expect-error toMessage is required when the poster's message is not Content
    postSkill({ poster: smsPoster });
    // @ts-expect-error toMessage must return the poster's message type
    postSkill({ poster: smsPoster, toMessage: () => ({ text: "x" }) });
    // @ts-expect-error the destination has the poster's destination type
    postSkill({ poster: smsPoster, destination: "general", toMessage: () => ({ body: "" }) });
  });

  it("post() with a Content poster needs no mapping", () => {
    postSkill();
    postSkill({ poster: contentPoster, destination: "general" });
  });
});

describe("the short form", () => {
  it("schedule() and every() give the run's context to the function and return the running Bot", () => {
    const bot = schedule("0 9 * * 1-5", { timezone: "Europe/Paris" }, async (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<ExecutionContext>();
    });
    expectTypeOf(bot).toEqualTypeOf<Bot>();
    expectTypeOf(every("10m", async () => {})).toEqualTypeOf<Bot>();
    expectTypeOf(every({ minutes: 10 }, async () => {})).toEqualTypeOf<Bot>();
  });

  it("an interval needs a unit and options are checked", () => {
    // @ts-expect-error a bare number has no unit
    every(10, async () => {});
    // @ts-expect-error unknown option
    schedule("* * * * *", { timezone: "UTC", retrys: 2 }, async () => {});
    // @ts-expect-error the store is an ActorStore
    new Bot({ store: "./state" });
    new Bot({
      store: new MemoryStatePersistence(),
      poster: smsPoster,
      logger: null,
      signals: false,
    });
  });

  it("everything a bot needs comes from @actor/runtime", () => {
    const cron: ScheduleType = { type: "cron", expression: "0 9 * * *", timezone: "Europe/Paris" };
    const actor: Actor = {
      name: "a",
      execute: async () => ({ succeeded: [], failed: [], skipped: [] }),
    };
    expectTypeOf(new Bot().add(actor, cron)).toEqualTypeOf<Bot>();
  });
});
