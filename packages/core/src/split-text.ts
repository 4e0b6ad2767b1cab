const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const words = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * Splits text into parts of at most `limit` UTF-16 code units, never inside a grapheme cluster
 * (an emoji ZWJ sequence, a letter with combining marks, a flag, `\r\n`). Each cut prefers, in
 * order: a paragraph break, a line break (either in the second half of the part), a space between
 * words, any word boundary (text without spaces), a grapheme boundary. Whitespace at a cut is
 * dropped. A single grapheme longer than `limit` is cut between code points as a last resort.
 *
 * For posters of every platform: the runtime's `format` skill splits with it, and so does the
 * Discord package.
 *
 * @example
 * ```ts
 * splitText("one two three", 8); // ["one two", "three"]
 * ```
 */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`split limit must be a positive integer, got ${limit}`);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part !== "") parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim() !== "") parts.push(rest);
  return parts;
}

/** The best index in (0, limit] to cut `text` at (see {@link splitText}). */
function cutPoint(text: string, limit: number): number {
  const safe = boundaries(graphemes, text, limit);
  const half = Math.floor(limit / 2);
  const window = text.slice(0, limit + 1);

  for (const pattern of [/\n[ \t]*\n/g, /\n/g]) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      if (match.index >= half && match.index <= limit && safe.has(match.index)) best = match.index;
    }
    if (best > 0) return best;
  }

  let spaced = -1;
  let anyWord = -1;
  for (const segment of words.segment(text)) {
    if (segment.index > limit) break;
    if (segment.index === 0 || !safe.has(segment.index)) continue;
    anyWord = segment.index;
    if (/^\s/.test(segment.segment)) spaced = segment.index;
  }
  if (spaced > 0 && text.slice(0, spaced).trim() !== "") return spaced;
  if (anyWord > 0) return anyWord;

  const lastGrapheme = Math.max(0, ...safe);
  if (lastGrapheme > 0) return lastGrapheme;
  const low = text.charCodeAt(limit);
  const cut = low >= 0xdc00 && low <= 0xdfff ? limit - 1 : limit;
  return cut > 0 ? cut : limit + 1;
}

/** Grapheme-safe cut positions in (0, limit]. */
function boundaries(segmenter: Intl.Segmenter, text: string, limit: number): Set<number> {
  const found = new Set<number>();
  for (const segment of segmenter.segment(text)) {
    if (segment.index > limit) break;
    if (segment.index > 0) found.add(segment.index);
  }
  return found;
}
