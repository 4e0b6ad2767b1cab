import type { ContentPoster, SkillOutcome } from "@actor/core";
import { describe, expect, it } from "vitest";
import { postSkill, type PostOutput } from "../../src/skills/index.js";
import { makeWorld, RecordingPoster, skillContext } from "./helpers.js";

const formatted = (...texts: string[]) => ({
  select: { id: "q1", content: { text: texts.join(" "), metadata: { contentId: "q1" } } },
  format: { messages: texts.map((text) => ({ text, metadata: { contentId: "q1" } })) },
});
function output(outcome: SkillOutcome<PostOutput>): PostOutput {
  if (outcome.status !== "succeeded") throw new Error(outcome.reason);
  return outcome.output;
}

describe("post", () => {
  it("posts the formatted message with the slot's key and signal, and records the post", async () => {
    const world = makeWorld();
    const ctx = skillContext({ clock: world.clock, services: world.services }, formatted("Hello"));
    const out = output(await postSkill().run(ctx));
    expect(world.poster.calls).toHaveLength(1);
    expect(world.poster.calls[0]).toMatchObject({
      content: { text: "Hello" },
      destination: "channel-1",
      idempotencyKey: ctx.idempotencyKey,
    });
    expect(out).toMatchObject({
      duplicate: false,
      platform: "test",
      destination: "channel-1",
      contentId: "q1",
      messageIds: ["test-1"],
    });
    expect(await world.store.findPost(ctx.idempotencyKey)).toMatchObject({
      taskId: "daily",
      actorName: "quotes",
      platform: "test",
      destination: "channel-1",
      contentId: "q1",
      messageIds: ["test-1"],
      postedAt: world.clock.now(),
    });
  });

  it("does not post a slot twice: a second run returns the recorded ids as a duplicate", async () => {
    const world = makeWorld();
    const first = output(
      await postSkill().run(
        skillContext({ clock: world.clock, services: world.services }, formatted("Hello")),
      ),
    );
    const again = output(
      await postSkill().run(
        skillContext({ clock: world.clock, services: world.services }, formatted("Hello")),
      ),
    );
    expect(world.poster.calls).toHaveLength(1);
    expect(again).toMatchObject({ duplicate: true, messageIds: first.messageIds, contentId: "q1" });
    expect(await world.store.posts()).toHaveLength(1);
  });

  it("passes the run's abort signal to the poster", async () => {
    const world = makeWorld();
    const signals: (AbortSignal | undefined)[] = [];
    const poster: ContentPoster = {
      platform: "test",
      canPost: () => true,
      post: (content, destination, options) => (
        signals.push(options.signal),
        world.poster.post(content, destination, options)
      ),
    };
    const ctx = skillContext(
      { clock: world.clock, services: { ...world.services, poster } },
      formatted("Hello"),
    );
    await postSkill().run(ctx);
    expect(signals).toEqual([ctx.signal]);
  });

  it("records nothing when the poster fails, so a retry posts the slot", async () => {
    const world = makeWorld();
    world.poster.failNext("rate-limited");
    const ctx = skillContext({ clock: world.clock, services: world.services }, formatted("Hello"));
    await expect(postSkill().run(ctx)).rejects.toMatchObject({
      code: "rate-limited",
      retryable: true,
    });
    expect(await world.store.findPost(ctx.idempotencyKey)).toBeNull();
    expect(output(await postSkill().run(ctx))).toMatchObject({
      duplicate: false,
      messageIds: ["test-1"],
    });
    expect(world.poster.calls).toHaveLength(2);
  });

  it("posts split messages in order with part keys and records one post with every id", async () => {
    const world = makeWorld();
    const ctx = skillContext(
      { clock: world.clock, services: world.services },
      formatted("one", "two", "three"),
    );
    const out = output(await postSkill().run(ctx));
    expect(world.poster.calls.map((c) => [c.content.text, c.idempotencyKey])).toEqual([
      ["one", ctx.idempotencyKey],
      ["two", `${ctx.idempotencyKey}#1`],
      ["three", `${ctx.idempotencyKey}#2`],
    ]);
    expect(out.messageIds).toEqual(["test-1", "test-2", "test-3"]);
    const records = await world.store.posts();
    expect(records).toHaveLength(1);
    expect(records[0]?.messageIds).toEqual(["test-1", "test-2", "test-3"]);
  });

  it("posts the selected content when no format skill ran", async () => {
    const world = makeWorld();
    const ctx = skillContext(
      { clock: world.clock, services: world.services },
      { select: { id: "c9", content: { text: "raw", metadata: {} } } },
    );
    expect(output(await postSkill().run(ctx)).contentId).toBe("c9");
    expect(world.poster.calls[0]?.content.text).toBe("raw");
  });

  it("prefers the destination and poster options over the services", async () => {
    const world = makeWorld();
    const own = new RecordingPoster({ clock: world.clock });
    await postSkill({ destination: "channel-2", poster: own }).run(
      skillContext({ clock: world.clock, services: world.services }, formatted("x")),
    );
    expect(world.poster.calls).toHaveLength(0);
    expect(own.calls[0]?.destination).toBe("channel-2");
  });

  it("fails permanently without posting when the poster cannot address the destination", async () => {
    const world = makeWorld();
    const picky = new RecordingPoster({ clock: world.clock, accepts: (d) => /^\d+$/.test(d) });
    await expect(
      postSkill({ poster: picky }).run(
        skillContext({ clock: world.clock, services: world.services }, formatted("x")),
      ),
    ).rejects.toMatchObject({
      code: "validation",
      retryable: false,
      message: expect.stringContaining('cannot post to "channel-1"'),
    });
    expect(picky.calls).toHaveLength(0);
    expect(await world.store.posts()).toHaveLength(0);
  });

  it("names the skill and the missing service when there is no poster or destination", async () => {
    const world = makeWorld();
    await expect(
      postSkill().run(
        skillContext(
          { clock: world.clock, services: { store: world.store, destination: "c" } },
          formatted("x"),
        ),
      ),
    ).rejects.toThrow(/skill "post" needs the "poster" service/);
    await expect(
      postSkill().run(
        skillContext(
          { clock: world.clock, services: { store: world.store, poster: world.poster } },
          formatted("x"),
        ),
      ),
    ).rejects.toThrow(/skill "post" needs the "destination" service/);
  });

  it("fails validation when there is nothing to post", async () => {
    const world = makeWorld();
    await expect(
      postSkill().run(skillContext({ clock: world.clock, services: world.services })),
    ).rejects.toMatchObject({ code: "validation" });
  });
});
