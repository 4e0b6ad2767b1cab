import type { ContentPoster } from "@actor/core";
import type { AlertSink } from "@actor/runtime";
import { describe, expectTypeOf, it } from "vitest";
import type {
  DiscordAlertSink,
  DiscordDestination,
  DiscordPoster,
  DiscordWebhookPoster,
} from "../src/index.js";
import type { DiscordTestServer } from "../src/testing/index.js";

describe("@actor/discord public types", () => {
  it("both posters plug into the runtime where a plain ContentPoster is expected", () => {
    expectTypeOf<DiscordPoster>().toExtend<ContentPoster>();
    expectTypeOf<DiscordWebhookPoster>().toExtend<ContentPoster>();
  });

  it("DiscordAlertSink is an AlertSink of the runtime", () => {
    expectTypeOf<DiscordAlertSink>().toExtend<AlertSink>();
  });

  it("a destination is a channel id string or one of the object forms", () => {
    expectTypeOf<"123456789012345678">().toExtend<DiscordDestination>();
    expectTypeOf<{ forumId: string; threadName: string }>().toExtend<DiscordDestination>();
    expectTypeOf<{ forumId: number }>().not.toExtend<DiscordDestination>();
  });

  it("the test server gives what the rest option needs", () => {
    expectTypeOf<DiscordTestServer["apiUrl"]>().toEqualTypeOf<string>();
    expectTypeOf<DiscordTestServer["webhookUrl"]>().parameters.toEqualTypeOf<[channelId: string]>();
  });
});
