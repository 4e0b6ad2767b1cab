import { describe, expect, it } from "vitest";
import { splitText } from "../src/index.js";

const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map(
    (s) => s.segment,
  );

/** Every grapheme of the original appears whole in some part, in order. */
function expectGraphemesIntact(original: string, parts: string[]) {
  const kept = graphemes(original).filter((g) => g.trim() !== "");
  expect(parts.flatMap(graphemes).filter((g) => g.trim() !== "")).toEqual(kept);
}

describe("splitText", () => {
  it("keeps text within the limit as one part", () => {
    expect(splitText("short", 10)).toEqual(["short"]);
  });

  it("cuts between words, never inside one, and drops the space at the cut", () => {
    const parts = splitText("the quick brown fox jumps over the lazy dog", 12);
    expect(parts).toEqual(["the quick", "brown fox", "jumps over", "the lazy dog"]);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(12);
  });

  it("prefers a space over punctuation inside a word (keeps e-mail and URLs whole)", () => {
    expect(splitText("go to e-mail", 9)).toEqual(["go to", "e-mail"]);
    expect(splitText("see https://example.com/a/b", 24)).toEqual([
      "see",
      "https://example.com/a/b",
    ]);
  });

  it("prefers a paragraph break, then a line break, over a later word boundary", () => {
    expect(splitText("aaaa bbbb cccc\n\ndddd eeee ffff", 24)).toEqual([
      "aaaa bbbb cccc",
      "dddd eeee ffff",
    ]);
    expect(splitText("aaaa bbbb cccc\ndddd eeee ffff", 24)).toEqual([
      "aaaa bbbb cccc",
      "dddd eeee ffff",
    ]);
  });

  it("never splits an emoji ZWJ sequence", () => {
    const family = "👩‍👩‍👧‍👦"; // 11 UTF-16 units
    const text = `${family}${family}${family}`;
    for (const limit of [11, 12, 15, 21, 25]) {
      const parts = splitText(text, limit);
      for (const part of parts) expect(graphemes(part).every((g) => g === family)).toBe(true);
      expect(parts.join("")).toBe(text);
    }
  });

  it("never separates a combining character from its base letter", () => {
    const text = "e\u0301".repeat(10); // é written as e + combining acute
    const parts = splitText(text, 5);
    for (const part of parts) {
      expect(part.length % 2).toBe(0);
      expect(part.startsWith("\u0301")).toBe(false);
    }
    expect(parts.join("")).toBe(text);
  });

  it("never cuts a surrogate pair or a flag, even without word boundaries", () => {
    const text = "🇫🇷🇯🇵🎉🎉🎉🇧🇷";
    const parts = splitText(text, 5);
    expectGraphemesIntact(text, parts);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(5);
  });

  it("keeps emoji whole at a word-boundary cut in mixed text", () => {
    const text = "Party time 🎉👩🏽‍🚀 with friends 🧑‍🤝‍🧑 tonight at the café́ downtown";
    for (let limit = 8; limit < text.length; limit += 3) {
      const parts = splitText(text, limit);
      expectGraphemesIntact(text, parts);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
    }
  });

  it("splits text without spaces on word boundaries (Japanese)", () => {
    const text = "今日はとても良い天気です。明日も晴れるでしょう。";
    const parts = splitText(text, 10);
    expect(parts.join("")).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(10);
  });
});
