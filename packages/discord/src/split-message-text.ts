const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Splits text into parts of at most `limit` UTF-16 code units without cutting a grapheme cluster
 * (an emoji ZWJ sequence, a flag, a letter with combining marks). Each cut prefers a paragraph
 * break, then a line break, then a space, in the second half of the part; else the last grapheme
 * boundary that fits. Whitespace at a cut is dropped; a grapheme longer than `limit` (only possible
 * for absurd inputs) is cut between code points.
 *
 * @example
 * ```ts
 * splitMessageText("one two three", 8); // ["one two", "three"]
 * ```
 */
export function splitMessageText(text: string, limit: number): string[] {
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

function cutPoint(text: string, limit: number): number {
  let lastSafe = 0;
  const safe = new Set<number>();
  for (const { index } of graphemes.segment(text.slice(0, limit + 64))) {
    if (index > limit) break;
    if (index > 0) {
      safe.add(index);
      lastSafe = index;
    }
  }
  const half = Math.floor(limit / 2);
  for (const separator of [/\n\s*\n/g, /\n/g, /\s/g]) {
    let best = -1;
    for (const match of text.slice(0, limit + 1).matchAll(separator)) {
      if (
        match.index >= half &&
        match.index <= limit &&
        (match.index === 0 || safe.has(match.index))
      )
        best = match.index;
    }
    if (best > 0) return best;
  }
  if (lastSafe > 0) return lastSafe;
  const low = text.charCodeAt(limit);
  return low >= 0xdc00 && low <= 0xdfff && limit > 1 ? limit - 1 : limit;
}
