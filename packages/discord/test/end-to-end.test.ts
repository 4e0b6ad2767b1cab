import { MemoryStatePersistence, type ActorStore } from "@actor/core";
import {
  ActorServerBuilder,
  SkillActor,
  formatSkill,
  postSkill,
  selectContentSkill,
} from "@actor/runtime";
import { FakeClock } from "@actor/testkit";
import { describe, expect, it, vi } from "vitest";
import { DiscordPoster, nonceFor } from "../src/index.js";
import { FAST_REST, useServer } from "./harness.js";

const MINUTE = 60_000;
const schedule = { type: "cron" as const, expression: "0 9 * * *" };
const SLOT = "quotes@2026-01-05T09:00:00.000Z";

/** The store as seen by a process that dies while writing the post history (the write never completes). */
function dyingWhileRecording(store: ActorStore, reached: () => void): ActorStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "recordPost") {
        return () => {
          reached();
          return new Promise(() => {}); // the process is gone
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function quotesActor() {
  return new SkillActor({
    name: "quotes",
    skills: [
      selectContentSkill({
        source: [
          { id: "q1", text: "The first quote" },
          { id: "q2", text: "The second quote" },
        ],
        order: "sequential",
      }),
      formatSkill({ template: "Quote of the day: {{text}}" }),
      postSkill(),
    ],
  });
}

describe("end to end: a SkillActor on the runtime posting to the loopback Discord", () => {
  it("a crash after Discord stored the message and before the post history was written, then a restart, leaves exactly one message", async () => {
    const discord = await useServer();
    const channel = discord.createChannel();
    const store = new MemoryStatePersistence();
    let recording = false;

    const clockA = new FakeClock("2026-01-05T08:59:00Z");
    const a = new ActorServerBuilder()
      .persistence(dyingWhileRecording(store, () => (recording = true)))
      .poster(
        new DiscordPoster({ token: discord.token, rest: { ...FAST_REST, api: discord.apiUrl } }),
      )
      .clock(clockA)
      .actor(quotesActor(), schedule, { destination: channel.id })
      .build();
    await a.start();
    await clockA.advance(2 * MINUTE);
    await vi.waitFor(() => expect(recording).toBe(true), { timeout: 10_000 });
    expect(discord.messages(channel.id).map((m) => m.content)).toEqual([
      "Quote of the day: The first quote",
    ]);
    expect(await store.findPost(SLOT)).toBeNull();

    // A new process: a fresh client, the same store, ten minutes later (the dead owner's lease expired).
    const clockB = new FakeClock("2026-01-05T09:10:00Z");
    const b = new ActorServerBuilder()
      .persistence(store)
      .poster(
        new DiscordPoster({ token: discord.token, rest: { ...FAST_REST, api: discord.apiUrl } }),
      )
      .clock(clockB)
      .actor(quotesActor(), schedule, { destination: channel.id })
      .build();
    await b.start();
    await clockB.runDue();
    await vi.waitFor(
      async () => {
        const statuses = (await store.history("quotes")).map((r) => r.status);
        expect(statuses).toContain("succeeded");
      },
      { timeout: 10_000 },
    );

    const messages = discord.messages(channel.id);
    expect(messages).toHaveLength(1);
    const sent = discord.requests.filter((r) => r.route === "POST /channels/:id/messages");
    expect(sent.map((r) => r.nonce)).toEqual([nonceFor(SLOT), nonceFor(SLOT)]); // the re-post was de-duplicated by Discord
    const record = await store.findPost(SLOT);
    expect(record).toMatchObject({
      platform: "discord",
      destination: channel.id,
      contentId: "q1",
      messageIds: [messages[0]!.id],
    });
    expect((await store.history("quotes")).map((r) => r.status).sort()).toEqual([
      "abandoned",
      "succeeded",
    ]);
    await b.shutdown();
  });

  it("posts one quote per slot, in queue order, and nothing once the queue is used up", async () => {
    const discord = await useServer();
    const channel = discord.createChannel();
    const store = new MemoryStatePersistence();
    const clock = new FakeClock("2026-01-05T08:59:00Z");
    const server = new ActorServerBuilder()
      .persistence(store)
      .poster(
        new DiscordPoster({ token: discord.token, rest: { ...FAST_REST, api: discord.apiUrl } }),
      )
      .clock(clock)
      .actor(quotesActor(), schedule, { destination: channel.id })
      .build();
    await server.start();
    await clock.advance(2 * MINUTE);
    await vi.waitFor(async () => expect(await store.posts()).toHaveLength(1), { timeout: 10_000 });
    await clock.advanceTo("2026-01-06T09:00:30Z");
    await vi.waitFor(async () => expect(await store.posts()).toHaveLength(2), { timeout: 10_000 });
    const manual = await server.executeTask("quotes");
    expect(manual.status).toBe("succeeded");
    expect((manual.metadata["skips"] as { skill: string }[]).map((s) => s.skill)).toEqual([
      "select-content",
      "format",
      "post",
    ]);
    expect(discord.messages(channel.id).map((m) => m.content)).toEqual([
      "Quote of the day: The first quote",
      "Quote of the day: The second quote",
    ]);
    await server.shutdown();
  });
});
