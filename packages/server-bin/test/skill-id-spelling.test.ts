import { afterAll, describe, expect, it } from "vitest";
import { SkillActor } from "@actor/runtime";
import { loadConfig } from "../src/index.js";
import { workdir } from "./helpers/workdir.js";

describe("skill ids in a config file", () => {
  const work = workdir("actor-skill-ids-");
  afterAll(() => work.remove());

  it("accepts the camelCase spelling of a built-in skill id and builds the kebab-case skill", async () => {
    work.write(
      "actor_server.toml",
      `[persistence]
type = "json"
directory = "state"

[[actors]]
name = "a"
config_file = "actors/a.toml"
destination = "#a"
`,
    );
    work.write(
      "actors/a.toml",
      `[actor]
skills = ["rateLimit", "format", "post"]

[skills.rateLimit]
max_posts_per_day = 3
`,
    );
    const config = await loadConfig({ file: "actor_server.toml", cwd: work.dir, env: {} });
    const actor = config.actors[0]?.actor;
    expect(actor).toBeInstanceOf(SkillActor);
    expect((actor as SkillActor).skills.map((skill) => skill.name)).toEqual([
      "rate-limit",
      "format",
      "post",
    ]);
  });
});
