import { describe, expect, it } from "vitest";
import { formatSkill, type FormattedMessages } from "../../src/skills/index.js";
import { skillContext } from "./helpers.js";
import type { SkillOutcome } from "@actor/core";

const selected = (text: string, metadata: Record<string, unknown> = {}) => ({
  select: { id: "q1", content: { text, metadata: { contentId: "q1", ...metadata } } },
});
const ctx = (outputs: Record<string, unknown>) =>
  skillContext(
    { scheduledFor: "2026-03-02T22:30:00Z", taskId: "daily", actorName: "quotes" },
    outputs,
  );
function messages(outcome: SkillOutcome<FormattedMessages>) {
  if (outcome.status !== "succeeded") throw new Error(outcome.reason);
  return outcome.output.messages;
}

describe("format", () => {
  it("fills template variables from the content, the slot and the task", async () => {
    const skill = formatSkill({
      template:
        "{{date}} {{time}} [{{taskId}}/{{actorName}}] #{{id}}: {{ text }} — {{metadata.author}}",
      timezone: "Europe/Paris",
    });
    const out = messages(await skill.run(ctx(selected("Be kind.", { author: "Ann" }))));
    expect(out).toEqual([
      {
        text: "2026-03-02 23:30 [daily/quotes] #q1: Be kind. — Ann",
        metadata: { contentId: "q1", author: "Ann" },
      },
    ]);
  });

  it("rejects an unknown template variable when created, naming it", () => {
    expect(() => formatSkill({ template: "Hi {{name}}" })).toThrow(
      /unknown template variable "\{\{name\}\}"/,
    );
    expect(() => formatSkill({ template: "Hi {{text" })).toThrow(/unclosed "\{\{"/);
  });

  it("fails validation when a metadata variable has no value, naming it", async () => {
    await expect(
      formatSkill({ template: "{{metadata.author}}" }).run(ctx(selected("x"))),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining('"{{metadata.author}}" has no value'),
    });
  });

  it("uses the template alone when no content was selected", async () => {
    const out = messages(
      await formatSkill({ template: "Good night, it is {{time}}" }).run(ctx({})),
    );
    expect(out).toEqual([{ text: "Good night, it is 22:30", metadata: {} }]);
  });

  it("fails when there is neither content nor a template", async () => {
    await expect(formatSkill().run(ctx({}))).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("nothing to format"),
    });
  });

  it("splits text over the Discord limit into several messages of at most 2000 characters", async () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(" "); // ~5500 characters
    const out = messages(await formatSkill({ platform: "discord" }).run(ctx(selected(words))));
    expect(out.length).toBe(3);
    for (const message of out) expect(message.text!.length).toBeLessThanOrEqual(2000);
    expect(out.map((m) => m.text).join(" ")).toBe(words);
    expect(out.map((m) => m.metadata)).toEqual(
      [1, 2, 3].map((part) => ({ contentId: "q1", part, parts: 3 })),
    );
  });

  it("uses the limits of the run's poster platform when no platform is given", async () => {
    const text = "word ".repeat(500).trim(); // 2499 characters
    const discordPoster = { platform: "discord", post: async () => ({}), canPost: () => true };
    const withPoster = skillContext({ services: { poster: discordPoster } }, selected(text));
    expect(messages(await formatSkill().run(withPoster))).toHaveLength(2);
    expect(messages(await formatSkill().run(ctx(selected(text))))).toHaveLength(1);
  });

  it("applies maxLength below the platform limit", async () => {
    const out = messages(
      await formatSkill({ maxLength: 10, platform: "discord" }).run(
        ctx(selected("aaaa bbbb cccc")),
      ),
    );
    expect(out.map((m) => m.text)).toEqual(["aaaa bbbb", "cccc"]);
  });

  it("fails validation instead of splitting when split is false", async () => {
    await expect(
      formatSkill({ maxLength: 5, split: false }).run(ctx(selected("too long text"))),
    ).rejects.toMatchObject({
      code: "validation",
      retryable: false,
      message: expect.stringContaining("text is 13 characters, the limit is 5"),
    });
  });

  it("attaches media and embeds to the last message only", async () => {
    const outputs = {
      select: {
        id: "q1",
        content: {
          text: "aaaa bbbb",
          media: [{ url: "https://x/a.png", kind: "image" }],
          embeds: [{ title: "T" }],
          metadata: {},
        },
      },
    };
    const out = messages(await formatSkill({ maxLength: 5 }).run(ctx(outputs)));
    expect(out[0]).not.toHaveProperty("media");
    expect(out[0]).not.toHaveProperty("embeds");
    expect(out[1]).toMatchObject({
      text: "bbbb",
      media: [{ url: "https://x/a.png" }],
      embeds: [{ title: "T" }],
    });
  });

  it("checks embeds against Discord's limits, naming the field", async () => {
    const withEmbeds = (embeds: unknown[]) => ({
      select: { id: "q", content: { text: "x", embeds } },
    });
    const run = (embeds: unknown[]) =>
      formatSkill({ platform: "discord" }).run(ctx(withEmbeds(embeds)));
    await expect(run([{ title: "t".repeat(257) }])).rejects.toThrow(
      /embeds\[0\]\.title is 257, the limit is 256/,
    );
    await expect(run(Array.from({ length: 11 }, () => ({ title: "t" })))).rejects.toThrow(
      /number of embeds is 11, the limit is 10/,
    );
    await expect(run([{ fields: [{ name: "n", value: "v".repeat(1025) }] }])).rejects.toThrow(
      /fields\[0\]\.value is 1025, the limit is 1024/,
    );
    await expect(
      run([{ description: "d".repeat(4000) }, { description: "d".repeat(2001) }]),
    ).rejects.toThrow(/total length of all embeds is 6001, the limit is 6000/);
    await expect(
      run([{ title: "t".repeat(256), description: "d".repeat(4096) }]),
    ).resolves.toMatchObject({ status: "succeeded" });
  });

  it("rejects an unknown platform name when created", () => {
    expect(() => formatSkill({ platform: "myspace" as "discord" })).toThrow(
      /option "platform" must be one of "discord"/,
    );
  });
});
