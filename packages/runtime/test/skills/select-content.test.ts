import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SkillOutcome } from "@actor/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  contentHashId,
  selectContentSkill,
  type ContentSource,
  type SelectedContent,
} from "../../src/skills/index.js";
import { makeWorld, postRecord, skillContext } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "select-content-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function selectedId(outcome: SkillOutcome<SelectedContent>): string {
  if (outcome.status !== "succeeded")
    throw new Error(`expected success, got skip: ${outcome.reason}`);
  return outcome.output.id;
}

const items = [
  { id: "a", text: "Alpha", priority: 1 },
  { id: "b", text: "Beta", priority: 5 },
  { id: "c", text: "Gamma", priority: 5 },
  { id: "d", text: "Delta" },
];

describe("select-content", () => {
  it("sequential picks the first item in queue order that was not posted", async () => {
    const world = makeWorld();
    await world.store.recordPost(postRecord({ contentId: "a", postedAt: "2026-03-01T09:00:00Z" }));
    const skill = selectContentSkill({ source: items, order: "sequential" });
    const outcome = await skill.run(skillContext({ clock: world.clock, services: world.services }));
    expect(selectedId(outcome)).toBe("b");
  });

  it("priority picks the highest priority first, ties in queue order", async () => {
    const world = makeWorld();
    const skill = selectContentSkill({ source: items, order: "priority" });
    expect(
      selectedId(await skill.run(skillContext({ clock: world.clock, services: world.services }))),
    ).toBe("b");
    await world.store.recordPost(postRecord({ contentId: "b", postedAt: "2026-03-02T08:00:00Z" }));
    expect(
      selectedId(await skill.run(skillContext({ clock: world.clock, services: world.services }))),
    ).toBe("c");
  });

  it("random picks uniformly among eligible items with the injected random", async () => {
    const world = makeWorld();
    await world.store.recordPost(postRecord({ contentId: "b", postedAt: "2026-03-01T09:00:00Z" }));
    const pickWith = async (r: number) =>
      selectedId(
        await selectContentSkill({ source: items, order: "random", random: () => r }).run(
          skillContext({ clock: world.clock, services: world.services }),
        ),
      );
    // Eligible: a, c, d — three equal slices of [0, 1).
    expect(await pickWith(0)).toBe("a");
    expect(await pickWith(0.34)).toBe("c");
    expect(await pickWith(0.999)).toBe("d");
  });

  it("picks an item again once its post is older than lookbackDays", async () => {
    const world = makeWorld("2026-03-31T09:00:00Z");
    await world.store.recordPost(postRecord({ contentId: "a", postedAt: "2026-03-20T09:00:00Z" }));
    const ctx = skillContext({ clock: world.clock, services: world.services });
    expect(
      selectedId(
        await selectContentSkill({ source: items, order: "sequential", lookbackDays: 7 }).run(ctx),
      ),
    ).toBe("a");
    expect(
      selectedId(
        await selectContentSkill({ source: items, order: "sequential", lookbackDays: 30 }).run(ctx),
      ),
    ).toBe("b");
  });

  it("counts only this task's posts by default, and the actor's with scope actor", async () => {
    const world = makeWorld();
    await world.store.recordPost(
      postRecord({ taskId: "other", contentId: "a", postedAt: "2026-03-01T09:00:00Z" }),
    );
    const ctx = skillContext({ clock: world.clock, services: world.services });
    expect(
      selectedId(await selectContentSkill({ source: items, order: "sequential" }).run(ctx)),
    ).toBe("a");
    expect(
      selectedId(
        await selectContentSkill({ source: items, order: "sequential", scope: "actor" }).run(ctx),
      ),
    ).toBe("b");
  });

  it("skips and halts with 'no content left' when everything was posted", async () => {
    const world = makeWorld();
    for (const id of ["a", "b", "c", "d"]) {
      await world.store.recordPost(
        postRecord({ idempotencyKey: id, contentId: id, postedAt: "2026-03-01T09:00:00Z" }),
      );
    }
    const outcome = await selectContentSkill({ source: items, order: "sequential" }).run(
      skillContext({ clock: world.clock, services: world.services }),
    );
    expect(outcome).toMatchObject({ status: "skipped", halt: true });
    expect(outcome.status === "skipped" && outcome.reason).toMatch(/^no content left/);
  });

  it("re-selects the item a retried slot already posted", async () => {
    const world = makeWorld();
    const ctx = skillContext({ clock: world.clock, services: world.services });
    await world.store.recordPost(
      postRecord({
        idempotencyKey: ctx.idempotencyKey,
        contentId: "c",
        postedAt: world.clock.now(),
      }),
    );
    expect(
      selectedId(await selectContentSkill({ source: items, order: "sequential" }).run(ctx)),
    ).toBe("c");
  });

  it("reads a JSON array file, outputting the content with its contentId", async () => {
    const file = join(dir, "posts.json");
    await writeFile(
      file,
      JSON.stringify([
        {
          id: 7,
          text: "Seven",
          media: [{ url: "https://x/y.png", kind: "image" }],
          metadata: { author: "Ann" },
        },
      ]),
    );
    const world = makeWorld();
    const outcome = await selectContentSkill({ source: { file }, order: "sequential" }).run(
      skillContext({ clock: world.clock, services: world.services }),
    );
    expect(outcome).toEqual({
      status: "succeeded",
      output: {
        id: "7",
        content: {
          text: "Seven",
          media: [{ url: "https://x/y.png", kind: "image" }],
          metadata: { author: "Ann", contentId: "7" },
        },
      },
    });
  });

  it("reads a JSON Lines file, skipping blank lines", async () => {
    const file = join(dir, "posts.jsonl");
    await writeFile(file, '{"id":"one","text":"One"}\n\n{"id":"two","text":"Two","priority":3}\n');
    const world = makeWorld();
    const outcome = await selectContentSkill({ source: { file }, order: "priority" }).run(
      skillContext({ clock: world.clock, services: world.services }),
    );
    expect(selectedId(outcome)).toBe("two");
  });

  it("reads a plain text file split on --- lines, with ids hashed from the text", async () => {
    const file = join(dir, "posts.txt");
    await writeFile(file, "First post\nwith two lines\r\n---\r\nSecond post\n---\n\n");
    const world = makeWorld();
    const ctx = skillContext({ clock: world.clock, services: world.services });
    const outcome = await selectContentSkill({ source: { file }, order: "sequential" }).run(ctx);
    expect(outcome).toMatchObject({
      status: "succeeded",
      output: {
        id: contentHashId({ text: "First post\nwith two lines" }),
        content: { text: "First post\nwith two lines" },
      },
    });
    await world.store.recordPost(
      postRecord({ contentId: selectedId(outcome), postedAt: "2026-03-01T00:00:00Z" }),
    );
    const next = await selectContentSkill({ source: { file }, order: "sequential" }).run(ctx);
    expect(next).toMatchObject({ output: { content: { text: "Second post" } } });
  });

  it("gives the same text the same id across reads (stable hash ids)", async () => {
    expect(contentHashId({ text: "Hello" })).toBe(contentHashId({ text: "Hello" }));
    expect(contentHashId({ text: "Hello" })).not.toBe(contentHashId({ text: "Hello!" }));
  });

  it("reports a broken JSON Lines file with the line number", async () => {
    const file = join(dir, "bad.jsonl");
    await writeFile(file, '{"text":"ok"}\n{"text": nope}\n');
    const world = makeWorld();
    await expect(
      selectContentSkill({ source: { file }, order: "sequential" }).run(
        skillContext({ clock: world.clock, services: world.services }),
      ),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("bad.jsonl line 2"),
    });
  });

  it("reports a missing file as a permanent config error naming the path", async () => {
    const world = makeWorld();
    const file = join(dir, "missing.json");
    await expect(
      selectContentSkill({ source: { file }, order: "sequential" }).run(
        skillContext({ clock: world.clock, services: world.services }),
      ),
    ).rejects.toMatchObject({
      code: "invalid-config",
      retryable: false,
      message: expect.stringContaining(file),
    });
  });

  it("lists a ContentSource with the run's signal", async () => {
    const world = makeWorld();
    let signal: AbortSignal | undefined;
    const source: ContentSource = {
      list: async (s) => ((signal = s), [{ id: "db-1", text: "From the table" }]),
    };
    const ctx = skillContext({ clock: world.clock, services: world.services });
    expect(selectedId(await selectContentSkill({ source, order: "sequential" }).run(ctx))).toBe(
      "db-1",
    );
    expect(signal).toBe(ctx.signal);
  });

  it("rejects repeated ids and an unknown order", () => {
    expect(() =>
      selectContentSkill({
        source: [
          { id: "x", text: "1" },
          { id: "x", text: "2" },
        ],
        order: "sequential",
      }),
    ).toThrow(/repeats the id "x"/);
    expect(() => selectContentSkill({ source: items, order: "newest" as "random" })).toThrow(
      /option "order"/,
    );
  });

  it("needs the store service and names the skill when it is missing", async () => {
    await expect(
      selectContentSkill({ source: items, order: "sequential" }).run(skillContext()),
    ).rejects.toMatchObject({
      code: "invalid-config",
      message: expect.stringMatching(/skill "select-content" needs the "store" service/),
    });
  });
});
