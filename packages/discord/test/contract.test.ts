import { describeContentPosterContract } from "@actor/testkit";
import {
  DiscordPoster,
  DiscordWebhookPoster,
  type DiscordContent,
  type DiscordDestination,
} from "../src/index.js";
import { startDiscordTestServer } from "../src/testing/index.js";
import { FAST_REST } from "./harness.js";

describeContentPosterContract<DiscordContent, DiscordDestination>(
  "DiscordPoster (bot) on the loopback server",
  async () => {
    const server = await startDiscordTestServer({ bucket: { limit: 1000, windowMs: 1000 } });
    const channel = server.createChannel();
    return {
      poster: new DiscordPoster({
        token: server.token,
        rest: { ...FAST_REST, api: server.apiUrl },
      }),
      content: { text: "contract" },
      destination: channel.id,
      invalidDestination: "not-a-channel",
      rejectedPost: () => ({
        content: { text: "x" },
        destination: "123456789012345678",
        code: "not-found",
      }),
      cleanup: () => server.close(),
    };
  },
);

describeContentPosterContract<DiscordContent, DiscordDestination>(
  "DiscordPoster (forum posts) on the loopback server",
  async () => {
    const server = await startDiscordTestServer({ bucket: { limit: 1000, windowMs: 1000 } });
    const forum = server.createChannel({ kind: "forum" });
    const text = server.createChannel();
    return {
      poster: new DiscordPoster({
        token: server.token,
        rest: { ...FAST_REST, api: server.apiUrl },
      }),
      content: { text: "contract" },
      destination: `forum:${forum.id}`,
      invalidDestination: `forum:${text.id}`,
      rejectedPost: () => {
        server.setAccess(forum.id, "read");
        return { content: { text: "x" }, destination: `forum:${forum.id}`, code: "permission" };
      },
      cleanup: () => server.close(),
    };
  },
);

describeContentPosterContract<DiscordContent, string>(
  "DiscordWebhookPoster on the loopback server",
  async () => {
    const server = await startDiscordTestServer();
    const channel = server.createChannel();
    const url = server.webhookUrl(channel.id);
    const poster = new DiscordWebhookPoster({ url, rest: FAST_REST });
    return {
      poster,
      content: { text: "contract" },
      destination: "ops",
      rejectedPost: () => {
        server.faults.add({
          fault: { kind: "error", status: 404, code: 10015, message: "Unknown Webhook" },
        });
        return { content: { text: "x" }, destination: "ops", code: "not-found" };
      },
      cleanup: () => server.close(),
    };
  },
);
