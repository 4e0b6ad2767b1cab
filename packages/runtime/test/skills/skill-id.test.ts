import { describe, expect, it } from "vitest";
import * as runtime from "../../src/index.js";
import {
  SkillOutputs,
  builtInSkills,
  findBuiltInSkill,
  findOutput,
  isSelectedContent,
  skillId,
} from "../../src/index.js";

describe("skill ids", () => {
  it("turns a camelCase id into the kebab-case one and leaves kebab-case ids alone", () => {
    expect(skillId("selectContent")).toBe("select-content");
    expect(skillId("timeWindow")).toBe("time-window");
    expect(skillId("select-content")).toBe("select-content");
    expect(skillId("post")).toBe("post");
    expect(skillId("my-Skill")).toBe("my-Skill");
  });

  it("ctx.outputs and findOutput(…, from) find an output by either spelling", () => {
    const selected = { id: "a", content: { text: "hi" } };
    const outputs = new SkillOutputs([["select-content", selected]]);
    expect(outputs.get("selectContent")).toBe(selected);
    expect(outputs.has("selectContent")).toBe(true);
    expect(outputs.get("select-content")).toBe(selected);
    expect(outputs.get("timeWindow")).toBeUndefined();
    expect(findOutput(outputs, isSelectedContent, "selectContent")).toBe(selected);
    const plain = new Map<string, unknown>([["select-content", selected]]);
    expect(findOutput(plain, isSelectedContent, "selectContent")).toBe(selected);
  });

  it("findBuiltInSkill accepts the kebab-case id and its camelCase spelling", () => {
    expect(findBuiltInSkill("rate-limit")).toBe(builtInSkills["rate-limit"]);
    expect(findBuiltInSkill("rateLimit")).toBe(builtInSkills["rate-limit"]);
    expect(findBuiltInSkill("rateLimits")).toBeUndefined();
    expect(findBuiltInSkill("toString")).toBeUndefined();
    expect(findBuiltInSkill("rateLimit")?.({ maxPostsPerDay: 3 }).name).toBe("rate-limit");
  });
});

describe("deprecated names", () => {
  it("the former factory names are the same functions as the <id>Skill ones", () => {
    expect(runtime.format).toBe(runtime.formatSkill);
    expect(runtime.post).toBe(runtime.postSkill);
    expect(runtime.selectContent).toBe(runtime.selectContentSkill);
    expect(runtime.timeWindow).toBe(runtime.timeWindowSkill);
    expect(runtime.rateLimit).toBe(runtime.rateLimitSkill);
  });

  it("the public entry does not export the engine internals", () => {
    for (const name of ["DueQueue", "DueTimer", "RunPool", "HeapTaskScheduler", "resolveTasks"])
      expect(Object.keys(runtime)).not.toContain(name);
  });
});
