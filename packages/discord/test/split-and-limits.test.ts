import { describe, expect, it } from "vitest";
import {
  DISCORD_LIMITS,
  DiscordPoster,
  findLimitViolations,
  prepareMessages,
  splitMessageText,
  type DiscordContent,
} from "../src/index.js";
import { FAST_REST, key, useServer } from "./harness.js";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

/** ~5 000 UTF-16 units of emoji ZWJ sequences, flags, skin tones, combining marks, CJK and words. */
function trickyText(): string {
  const pieces = ["👩‍👩‍👧‍👦", "🇫🇷", "👍🏽", "é", "n̈̃", "Z̴̡̛͓̈́a̷l̸g̵o", "漢字", "word", "🏳️‍🌈", "e\u0301\u0302"];
  let text = "";
  let i = 0;
  while (text.length < 5_000) {
    text += pieces[i % pieces.length];
    text += i % 37 === 36 ? "\n\n" : i % 11 === 10 ? " " : "";
    i++;
  }
  return text;
}

describe("splitting long text", () => {
  it("splits 5 000 characters of emoji and combining marks into parts ≤ 2 000 without breaking a grapheme", () => {
    const text = trickyText();
    expect(text.length).toBeGreaterThanOrEqual(5_000);
    const parts = splitMessageText(text, DISCORD_LIMITS.content);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    const original = graphemes(text).filter((g) => g.trim() !== "");
    const rejoined = parts.flatMap(graphemes).filter((g) => g.trim() !== "");
    expect(rejoined).toEqual(original);
  });

  it("prefers paragraph, then line, then word boundaries", () => {
    expect(splitMessageText(`${"a".repeat(60)}\n\n${"b".repeat(30)}`, 80)).toEqual([
      "a".repeat(60),
      "b".repeat(30),
    ]);
    expect(splitMessageText(`${"a".repeat(60)}\n${"b".repeat(30)}`, 80)).toEqual([
      "a".repeat(60),
      "b".repeat(30),
    ]);
    expect(splitMessageText("one two three", 8)).toEqual(["one two", "three"]);
    expect(splitMessageText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });

  it("the poster with split posts the parts in order with their own nonces; embeds and files go with the last", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordPoster({
      token: server.token,
      rest: { ...FAST_REST, api: server.apiUrl },
      split: true,
    });
    const text = trickyText();
    const posted = await poster.post(
      { text, embeds: [{ title: "end" }], files: [{ name: "a.txt", data: "a" }] },
      channel.id,
      { idempotencyKey: key() },
    );
    const stored = server.messages(channel.id);
    expect(posted.ids).toEqual(stored.map((m) => m.id));
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stored.map((m) => m.nonce)).size).toBe(stored.length);
    expect(stored.at(-1)!.embeds).toHaveLength(1);
    expect(stored.at(-1)!.attachments).toHaveLength(1);
    expect(
      stored.slice(0, -1).every((m) => m.embeds.length === 0 && m.attachments.length === 0),
    ).toBe(true);
    expect(stored.flatMap((m) => graphemes(m.content)).filter((g) => g.trim() !== "")).toEqual(
      graphemes(text).filter((g) => g.trim() !== ""),
    );
  });

  it("a retry of a partly posted split message sends only the missing parts", async () => {
    const server = await useServer();
    const channel = server.createChannel();
    const poster = new DiscordPoster({
      token: server.token,
      rest: { ...FAST_REST, api: server.apiUrl, retries: 0 },
      split: { maxLength: 100 },
    });
    const text = Array.from({ length: 3 }, (_, i) => `${String(i).repeat(90)}`).join("\n\n");
    server.faults.add({ skip: 1, times: 1, fault: { kind: "error", status: 503 } });
    const k = key();
    await expect(poster.post({ text }, channel.id, { idempotencyKey: k })).rejects.toMatchObject({
      code: "server-error",
    });
    expect(server.messages(channel.id)).toHaveLength(1);
    const posted = await poster.post({ text }, channel.id, { idempotencyKey: k });
    expect(server.messages(channel.id).map((m) => m.id)).toEqual(posted.ids);
    expect(posted.ids).toHaveLength(3);
  });
});

describe("Discord's limits, checked before sending", () => {
  const cases: [string, DiscordContent, string][] = [
    [
      "content over 2 000",
      { text: "x".repeat(2001) },
      "content: Must be 2000 or fewer in length. (got 2001)",
    ],
    [
      "more than 10 embeds",
      { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) },
      "embeds: Must be 10 or fewer in length. (got 11)",
    ],
    [
      "a title over 256",
      { embeds: [{ title: "t".repeat(257) }] },
      "embeds.0.title: Must be 256 or fewer in length. (got 257)",
    ],
    [
      "a description over 4 096",
      { embeds: [{ description: "d".repeat(4097) }] },
      "embeds.0.description: Must be 4096 or fewer in length. (got 4097)",
    ],
    [
      "more than 25 fields",
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }] },
      "embeds.0.fields: Must be 25 or fewer in length. (got 26)",
    ],
    [
      "a field value over 1 024",
      { embeds: [{ fields: [{ name: "n", value: "v".repeat(1025) }] }] },
      "embeds.0.fields.0.value: Must be 1024 or fewer in length. (got 1025)",
    ],
    [
      "an empty field name",
      { embeds: [{ fields: [{ name: " ", value: "v" }] }] },
      "embeds.0.fields.0.name: This field is required",
    ],
    [
      "a footer over 2 048",
      { embeds: [{ title: "t", footer: { text: "f".repeat(2049) } }] },
      "embeds.0.footer.text: Must be 2048 or fewer in length. (got 2049)",
    ],
    [
      "embeds over 6 000 in total",
      { embeds: [{ description: "d".repeat(4000) }, { description: "d".repeat(2001) }] },
      "embeds: Embed size exceeds maximum size of 6000 (got 6001)",
    ],
    [
      "more than 10 files",
      { text: "x", files: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, data: "x" })) },
      "files: Must be 10 or fewer in length. (got 11)",
    ],
    ["an empty message", { text: "   " }, "content: Cannot send an empty message"],
  ];
  for (const [what, content, expected] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => prepareMessages(content, false, "123456789012345678")).toThrow(expected);
    });
  }

  it("refuses a bad embed colour or timestamp and content that is not an object", () => {
    expect(() =>
      prepareMessages({ embeds: [{ title: "t", color: Number.NaN }] }, false, "c"),
    ).toThrow(/color must be an integer/);
    expect(() =>
      prepareMessages({ embeds: [{ title: "t", timestamp: "yesterday" }] }, false, "c"),
    ).toThrow(/timestamp must be an ISO 8601 date/);
    expect(() => prepareMessages(null as unknown as DiscordContent, false, "c")).toThrow(
      /must be an object/,
    );
    expect(() => prepareMessages({ text: 5 } as unknown as DiscordContent, false, "c")).toThrow(
      /content.text must be a string/,
    );
  });

  it("lists every broken limit at once", () => {
    const found = findLimitViolations({
      content: "x".repeat(2001),
      embeds: [{ title: "t".repeat(257) }],
      fileCount: 11,
    });
    expect(found.map((v) => v.path.join("."))).toEqual(["content", "embeds.0.title", "files"]);
  });

  it("the poster refuses a bad destination and a missing idempotency key without a request", async () => {
    const server = await useServer();
    const poster = new DiscordPoster({
      token: server.token,
      rest: { ...FAST_REST, api: server.apiUrl },
    });
    await expect(
      poster.post({ text: "x" }, "#general", { idempotencyKey: key() }),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining('"#general" is not a Discord destination'),
    });
    await expect(
      poster.post({ text: "x" }, "123456789012345678", {} as never),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("idempotencyKey"),
    });
    expect(server.requests).toHaveLength(0);
  });
});
