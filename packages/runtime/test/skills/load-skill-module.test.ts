import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSkillModule } from "../../src/skills/index.js";
import { skillContext } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skill-module-"));
  await writeFile(
    join(dir, "shout.mjs"),
    `export default { name: "shout", async run(ctx) { return { status: "succeeded", output: ctx.taskId.toUpperCase() }; } };\n`,
  );
  await writeFile(
    join(dir, "named.mjs"),
    `export const skill = { name: "named", run: async () => ({ status: "skipped", reason: "n/a" }) };\n`,
  );
  await writeFile(
    join(dir, "helper.mjs"),
    `export function helper() {}\nexport const value = 1;\n`,
  );
  await writeFile(join(dir, "broken.mjs"), `export default {{ not javascript\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadSkillModule", () => {
  it("loads a skill from a module's default export, relative to the base directory", async () => {
    const skill = await loadSkillModule("./shout.mjs", { baseDir: dir });
    expect(skill.name).toBe("shout");
    expect(await skill.run(skillContext({ taskId: "daily" }))).toEqual({
      status: "succeeded",
      output: "DAILY",
    });
  });

  it("loads a skill from an export named skill, by absolute path", async () => {
    expect((await loadSkillModule(join(dir, "named.mjs"))).name).toBe("named");
  });

  it("rejects a module without a skill export, naming the path and what it exports", async () => {
    await expect(loadSkillModule("./helper.mjs", { baseDir: dir })).rejects.toMatchObject({
      code: "invalid-config",
      context: { file: "./helper.mjs" },
      message: expect.stringMatching(
        /skill module \.\/helper\.mjs exports no skill: .* it exports "helper", "value"/,
      ),
    });
  });

  it("reports a module that cannot be loaded with its path", async () => {
    await expect(loadSkillModule("./broken.mjs", { baseDir: dir })).rejects.toMatchObject({
      code: "invalid-config",
      message: expect.stringContaining("cannot load skill module ./broken.mjs"),
    });
    await expect(loadSkillModule("./missing.mjs", { baseDir: dir })).rejects.toMatchObject({
      code: "invalid-config",
      message: expect.stringContaining("cannot load skill module ./missing.mjs"),
    });
  });
});
