import { splitText } from "@actor/core";

/**
 * Splits text into parts of at most `limit` UTF-16 code units without cutting a grapheme cluster
 * (an emoji ZWJ sequence, a flag, a letter with combining marks): `splitText` of `@actor/core`, the
 * splitter every poster shares. Each cut prefers a paragraph break, then a line break (in the second
 * half of the part), then a space, then a word boundary, then the last grapheme boundary that fits.
 * Whitespace at a cut is dropped.
 *
 * @example
 * ```ts
 * splitMessageText("one two three", 8); // ["one two", "three"]
 * ```
 */
export function splitMessageText(text: string, limit: number): string[] {
  return splitText(text, limit);
}
