import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInSkills, isBuiltInSkillName } from "../../src/skills/index.js";
import { makeWorld, skillContext } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "built-in-skills-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("builtInSkills", () => {
  it("builds every built-in skill by its config name", () => {
    expect(Object.keys(builtInSkills).sort()).toEqual([
      "format",
      "post",
      "rate-limit",
      "select-content",
      "time-window",
    ]);
    expect(builtInSkills["time-window"]({ start: "09:00", end: "17:00" }).name).toBe("time-window");
    expect(builtInSkills.format(undefined).name).toBe("format");
    expect(builtInSkills.post({ name: "announce" }).name).toBe("announce");
    expect(isBuiltInSkillName("rate-limit")).toBe(true);
    expect(isBuiltInSkillName("toString")).toBe(false);
  });

  it("accepts snake_case keys as written in TOML", async () => {
    const world = makeWorld();
    const skill = builtInSkills["rate-limit"]({ max_posts_per_day: 1, min_interval_minutes: 5 });
    expect(
      (await skill.run(skillContext({ clock: world.clock, services: world.services }))).status,
    ).toBe("succeeded");
  });

  it("rejects unknown keys, naming them and the accepted ones", () => {
    expect(() => builtInSkills["rate-limit"]({ maxPostsPerDay: 1, maxPerHour: 2 })).toThrow(
      /skill "rate-limit": unknown option "maxPerHour"; accepted: "maxPostsPerDay", "minIntervalMinutes", "scope", "name"/,
    );
  });

  it("rejects values of the wrong type, naming the option, the value and what is accepted", () => {
    expect(() => builtInSkills["rate-limit"]({ maxPostsPerDay: "3" })).toThrow(
      /option "maxPostsPerDay" must be an integer >= 1, got "3"/,
    );
    expect(() =>
      builtInSkills["select-content"]({ source: { file: "x.txt" }, order: "latest" }),
    ).toThrow(/option "order" must be one of "sequential", "random", "priority", got "latest"/);
    expect(() => builtInSkills["select-content"]({ source: "x.txt" })).toThrow(
      /option "source" must be \{ file = "path" \} or an array of items/,
    );
    expect(() => builtInSkills.format({ split: "yes" })).toThrow(
      /option "split" must be true or false/,
    );
    expect(() => builtInSkills.format({ platform: "irc" })).toThrow(
      /option "platform" must be one of "discord", got "irc"/,
    );
    expect(() => builtInSkills["time-window"]({ start: "09:00" })).toThrow(
      /option "end" must be a non-empty string, got nothing/,
    );
    expect(() => builtInSkills["time-window"]("09:00-17:00")).toThrow(/must be a table of options/);
  });

  it("accepts full weekday names in time-window days", async () => {
    const skill = builtInSkills["time-window"]({ start: "00:00", end: "23:00", days: ["Monday"] });
    // 2026-03-02 is a Monday.
    expect((await skill.run(skillContext({ scheduledFor: "2026-03-02T10:00:00Z" }))).status).toBe(
      "succeeded",
    );
    expect((await skill.run(skillContext({ scheduledFor: "2026-03-03T10:00:00Z" }))).status).toBe(
      "skipped",
    );
    expect(() =>
      builtInSkills["time-window"]({ start: "00:00", end: "23:00", days: ["Moonday"] }),
    ).toThrow(/option "days"/);
  });

  it("resolves a relative content file from the config's base directory", async () => {
    await writeFile(join(dir, "posts.txt"), "From the base dir\n");
    const world = makeWorld();
    const skill = builtInSkills["select-content"](
      { source: { file: "posts.txt" }, lookback_days: 3 },
      { baseDir: dir },
    );
    expect(
      await skill.run(skillContext({ clock: world.clock, services: world.services })),
    ).toMatchObject({
      status: "succeeded",
      output: { content: { text: "From the base dir" } },
    });
  });
});
