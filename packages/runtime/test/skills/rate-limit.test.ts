import { describe, expect, it } from "vitest";
import { rateLimitSkill } from "../../src/skills/index.js";
import { makeWorld, postRecord, skillContext } from "./helpers.js";

describe("rate-limit", () => {
  it("skips and halts once maxPostsPerDay posts were made in the last 24 hours", async () => {
    const world = makeWorld("2026-03-02T12:00:00Z");
    const skill = rateLimitSkill({ maxPostsPerDay: 2 });
    const run = () => skill.run(skillContext({ clock: world.clock, services: world.services }));
    await world.store.recordPost(postRecord({ postedAt: "2026-03-02T08:00:00Z" }));
    expect(await run()).toMatchObject({ status: "succeeded", output: { postsLast24h: 1 } });
    await world.store.recordPost(postRecord({ postedAt: "2026-03-02T10:00:00Z" }));
    const outcome = await run();
    expect(outcome).toMatchObject({ status: "skipped", halt: true });
    expect(outcome.status === "skipped" && outcome.reason).toMatch(
      /maxPostsPerDay=2 reached: task daily posted 2 times/,
    );
  });

  it("does not count posts older than 24 hours", async () => {
    const world = makeWorld("2026-03-02T12:00:00Z");
    await world.store.recordPost(postRecord({ postedAt: "2026-03-01T11:59:59Z" }));
    await world.store.recordPost(postRecord({ postedAt: "2026-03-01T12:00:01Z" }));
    const outcome = await rateLimitSkill({ maxPostsPerDay: 2 }).run(
      skillContext({ clock: world.clock, services: world.services }),
    );
    expect(outcome).toMatchObject({ status: "succeeded", output: { postsLast24h: 1 } });
  });

  it("skips while the last post is more recent than minIntervalMinutes, relative to the clock", async () => {
    const world = makeWorld("2026-03-02T12:00:00Z");
    await world.store.recordPost(postRecord({ postedAt: "2026-03-02T11:20:00Z" }));
    const skill = rateLimitSkill({ minIntervalMinutes: 60 });
    const first = await skill.run(skillContext({ clock: world.clock, services: world.services }));
    expect(first.status === "skipped" && first.reason).toMatch(
      /minIntervalMinutes=60: task daily last posted 40 minutes ago/,
    );
    world.clock.jump("2026-03-02T12:20:00Z");
    const later = await skill.run(skillContext({ clock: world.clock, services: world.services }));
    expect(later).toMatchObject({
      status: "succeeded",
      output: { lastPostAt: new Date("2026-03-02T11:20:00Z") },
    });
  });

  it("counts the whole actor's posts with scope actor, only the task's by default", async () => {
    const world = makeWorld("2026-03-02T12:00:00Z");
    await world.store.recordPost(postRecord({ taskId: "other", postedAt: "2026-03-02T11:00:00Z" }));
    const ctx = skillContext({ clock: world.clock, services: world.services });
    expect((await rateLimitSkill({ maxPostsPerDay: 1 }).run(ctx)).status).toBe("succeeded");
    expect((await rateLimitSkill({ maxPostsPerDay: 1, scope: "actor" }).run(ctx)).status).toBe(
      "skipped",
    );
  });

  it("ignores the slot's own post so a retry reaches the post skill", async () => {
    const world = makeWorld("2026-03-02T12:00:00Z");
    const ctx = skillContext({ clock: world.clock, services: world.services });
    await world.store.recordPost(
      postRecord({ idempotencyKey: ctx.idempotencyKey, postedAt: "2026-03-02T12:00:00Z" }),
    );
    expect(
      (await rateLimitSkill({ maxPostsPerDay: 1, minIntervalMinutes: 30 }).run(ctx)).status,
    ).toBe("succeeded");
  });

  it("rejects options without a limit or with a bad number", () => {
    expect(() => rateLimitSkill({})).toThrow(/set maxPostsPerDay, minIntervalMinutes or both/);
    expect(() => rateLimitSkill({ maxPostsPerDay: 0 })).toThrow(
      /option "maxPostsPerDay" must be an integer >= 1, got 0/,
    );
    expect(() => rateLimitSkill({ minIntervalMinutes: -5 })).toThrow(/option "minIntervalMinutes"/);
  });
});
