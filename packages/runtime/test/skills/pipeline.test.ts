import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsolePoster } from "../../src/posters/console-poster.js";
import {
  formatSkill,
  postSkill,
  rateLimitSkill,
  selectContentSkill,
  SkillActor,
  timeWindowSkill,
} from "../../src/skills/index.js";
import { makeContext, makeWorld } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipeline-"));
  await writeFile(join(dir, "quotes.txt"), "Stay curious.\n---\nShip small.\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function quotesActor() {
  return new SkillActor({
    name: "quotes",
    skills: [
      timeWindowSkill({ start: "08:00", end: "20:00", timezone: "Europe/Paris" }),
      rateLimitSkill({ maxPostsPerDay: 5 }),
      selectContentSkill({ source: { file: join(dir, "quotes.txt") }, order: "sequential" }),
      formatSkill({ template: "Quote: {{text}}", platform: "discord" }),
      postSkill(),
    ],
  });
}

describe("a full skill pipeline", () => {
  it("selects, formats and posts through the console poster, then rotates to the next item", async () => {
    const world = makeWorld("2026-03-02T09:00:00Z");
    const written: string[] = [];
    const services = {
      store: world.store,
      poster: new ConsolePoster({ write: (t) => written.push(t), clock: world.clock }),
      destination: "#quotes",
    };
    const actor = quotesActor();

    const first = await actor.execute(makeContext({ clock: world.clock, services }));
    expect(first.failed).toEqual([]);
    expect(first.succeeded.map((s) => s.skill)).toEqual([
      "time-window",
      "rate-limit",
      "select-content",
      "format",
      "post",
    ]);
    expect(written.join("")).toContain("Quote: Stay curious.");
    expect(first.metadata?.["posted"]).toEqual(["console:daily@2026-03-02T09:00:00.000Z"]);

    world.clock.jump("2026-03-02T10:00:00Z");
    const second = await actor.execute(makeContext({ clock: world.clock, services }));
    expect(second.metadata?.["posted"]).toHaveLength(1);
    expect(written.join("")).toContain("Quote: Ship small.");

    world.clock.jump("2026-03-02T11:00:00Z");
    const third = await actor.execute(makeContext({ clock: world.clock, services }));
    expect(third.skipped.map((s) => s.skill)).toEqual(["select-content", "format", "post"]);
    expect(third.skipped[0]?.reason).toMatch(/^no content left/);
  });

  it("runs the same slot twice without posting twice", async () => {
    const world = makeWorld("2026-03-02T09:00:00Z");
    const actor = quotesActor();
    const ctx = makeContext({ clock: world.clock, services: world.services });
    await actor.execute(ctx);
    const again = await actor.execute({ ...ctx, attempt: 2, trigger: "retry" });
    expect(world.poster.calls).toHaveLength(1);
    expect(again.failed).toEqual([]);
    expect(again.succeeded.find((s) => s.skill === "post")?.output).toMatchObject({
      duplicate: true,
      messageIds: ["test-1"],
    });
    expect(again.succeeded.find((s) => s.skill === "select-content")?.output).toMatchObject({
      content: { text: "Stay curious." },
    });
    expect(await world.store.posts()).toHaveLength(1);
  });

  it("halts before posting outside the time window", async () => {
    const world = makeWorld("2026-03-02T21:00:00Z");
    const result = await quotesActor().execute(
      makeContext({ clock: world.clock, services: world.services }),
    );
    expect(result.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining("outside time window"),
      "halted by time-window",
      "halted by time-window",
      "halted by time-window",
      "halted by time-window",
    ]);
    expect(world.poster.calls).toHaveLength(0);
  });
});
