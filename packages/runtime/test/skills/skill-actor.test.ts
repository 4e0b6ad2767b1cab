import { ActorError, type Skill, type SkillContext, type SkillOutcome } from "@actor/core";
import { describe, expect, it } from "vitest";
import { SkillActor } from "../../src/skills/index.js";
import { makeContext } from "./helpers.js";

function skill(
  name: string,
  run: (ctx: SkillContext) => Promise<SkillOutcome> | SkillOutcome,
): Skill {
  return { name, run: async (ctx) => run(ctx) };
}
const ok = (name: string, output: unknown = name) =>
  skill(name, () => ({ status: "succeeded", output }));
const fail = (name: string, error: unknown) =>
  skill(name, () => {
    throw error;
  });

describe("SkillActor", () => {
  it("gives each skill the outputs of the skills before it, and only those", async () => {
    const seen: string[][] = [];
    const spy = (name: string) =>
      skill(name, (ctx) => {
        seen.push([...ctx.outputs.keys()]);
        return { status: "succeeded", output: `${name}:${[...ctx.outputs.values()].join(",")}` };
      });
    const actor = new SkillActor({ name: "a", skills: [spy("one"), spy("two"), spy("three")] });
    const result = await actor.execute(makeContext());
    expect(seen).toEqual([[], ["one"], ["one", "two"]]);
    expect(result.succeeded.map((s) => s.output)).toEqual([
      "one:",
      "two:one:",
      "three:one:,two:one:",
    ]);
  });

  it("starts every run with a fresh outputs map", async () => {
    const sizes: number[] = [];
    const actor = new SkillActor({
      name: "a",
      skills: [
        ok("first"),
        skill(
          "count",
          (ctx) => (sizes.push(ctx.outputs.size), { status: "succeeded", output: null }),
        ),
      ],
    });
    await actor.execute(makeContext());
    await actor.execute(makeContext());
    expect(sizes).toEqual([1, 1]);
  });

  it("stops after a failure by default and records the rest as skipped", async () => {
    const actor = new SkillActor({
      name: "a",
      skills: [ok("one"), fail("two", new ActorError("server-error", "503")), ok("three")],
    });
    const result = await actor.execute(makeContext());
    expect(result.succeeded.map((s) => s.skill)).toEqual(["one"]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.error.code).toBe("server-error");
    expect(result.failed[0]?.error.context.skill).toBe("two");
    expect(result.skipped).toEqual([{ skill: "three", reason: "after failure of two" }]);
  });

  it("runs later skills after a retryable failure with continueOnError", async () => {
    const actor = new SkillActor({
      name: "a",
      continueOnError: true,
      skills: [fail("one", new ActorError("network", "reset")), ok("two")],
    });
    const result = await actor.execute(makeContext());
    expect(result.failed.map((f) => f.skill)).toEqual(["one"]);
    expect(result.succeeded.map((s) => s.skill)).toEqual(["two"]);
  });

  it("still stops after a permanent failure with continueOnError unless stopOnPermanent is false", async () => {
    const skills = [fail("one", new ActorError("auth", "bad token")), ok("two")];
    const stopping = await new SkillActor({ name: "a", continueOnError: true, skills }).execute(
      makeContext(),
    );
    expect(stopping.skipped).toEqual([{ skill: "two", reason: "after permanent failure of one" }]);
    const going = await new SkillActor({
      name: "a",
      continueOnError: true,
      stopOnPermanent: false,
      skills,
    }).execute(makeContext());
    expect(going.succeeded.map((s) => s.skill)).toEqual(["two"]);
  });

  it("turns a thrown non-ActorError into an internal ActorError naming the skill and actor", async () => {
    const result = await new SkillActor({
      name: "a",
      skills: [fail("boom", new TypeError("x is undefined"))],
    }).execute(makeContext());
    const error = result.failed[0]?.error;
    expect(error).toBeInstanceOf(ActorError);
    expect(error?.code).toBe("internal");
    expect(error?.retryable).toBe(false);
    expect(error?.context).toMatchObject({ skill: "boom", actorName: "quotes", taskId: "daily" });
  });

  it("halts the remaining skills when a skill skips (halt defaults to true)", async () => {
    const actor = new SkillActor({
      name: "a",
      skills: [skill("gate", () => ({ status: "skipped", reason: "closed" })), ok("post")],
    });
    const result = await actor.execute(makeContext());
    expect(result.skipped).toEqual([
      { skill: "gate", reason: "closed" },
      { skill: "post", reason: "halted by gate" },
    ]);
    expect(result.succeeded).toEqual([]);
  });

  it("goes on after a skip with halt false, without an output for the skipped skill", async () => {
    let sawOptional = true;
    const actor = new SkillActor({
      name: "a",
      skills: [
        skill("optional", () => ({ status: "skipped", reason: "nothing", halt: false })),
        skill(
          "next",
          (ctx) => (
            (sawOptional = ctx.outputs.has("optional")),
            { status: "succeeded", output: 1 }
          ),
        ),
      ],
    });
    const result = await actor.execute(makeContext());
    expect(result.succeeded.map((s) => s.skill)).toEqual(["next"]);
    expect(sawOptional).toBe(false);
  });

  it("records an abort during a skill as an aborted failure and skips the rest", async () => {
    const controller = new AbortController();
    const hang = skill("hang", () => {
      controller.abort();
      return new Promise<SkillOutcome>(() => {});
    });
    const result = await new SkillActor({ name: "a", skills: [hang, ok("after")] }).execute(
      makeContext({ signal: controller.signal }),
    );
    expect(result.failed[0]?.error.code).toBe("aborted");
    expect(result.skipped).toEqual([{ skill: "after", reason: "run aborted during hang" }]);
  });

  it("does not start a skill once the signal is aborted, and keeps an ActorError abort reason", async () => {
    let ran = false;
    const controller = new AbortController();
    controller.abort(new ActorError("timeout", "run took longer than 30s"));
    const result = await new SkillActor({
      name: "a",
      skills: [skill("one", () => ((ran = true), { status: "succeeded", output: 1 }))],
    }).execute(makeContext({ signal: controller.signal }));
    expect(ran).toBe(false);
    expect(result.failed[0]?.error.code).toBe("timeout");
  });

  it("puts JSON-safe outputs and posted message ids in the metadata", async () => {
    const posted = {
      duplicate: false,
      platform: "x",
      destination: "d",
      contentId: "c1",
      messageIds: ["m1", "m2"],
      postedAt: new Date("2026-01-01T00:00:00Z"),
    };
    const actor = new SkillActor({
      name: "a",
      skills: [ok("select", { id: "c1", at: new Date(0), fn: () => 1 }), ok("post", posted)],
    });
    const result = await actor.execute(makeContext());
    expect(result.metadata?.["outputs"]).toEqual({
      select: { id: "c1", at: "1970-01-01T00:00:00.000Z" },
      post: { ...posted, postedAt: "2026-01-01T00:00:00.000Z" },
    });
    expect(result.metadata?.["posted"]).toEqual(["m1", "m2"]);
    expect(JSON.parse(JSON.stringify(result.metadata))).toEqual(result.metadata);
  });

  it("rejects two skills with the same name", () => {
    expect(() => new SkillActor({ name: "a", skills: [ok("x"), ok("x")] })).toThrow(
      /two skills are named "x"/,
    );
  });

  it("fails a skill that returns something other than an outcome", async () => {
    const bad = { name: "bad", run: async () => ({ ok: true }) } as unknown as Skill;
    const result = await new SkillActor({ name: "a", skills: [bad] }).execute(makeContext());
    expect(result.failed[0]?.error.message).toMatch(/expected \{ status: "succeeded"/);
  });
});
