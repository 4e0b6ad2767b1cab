/**
 * The candidate closest to `word` (case-insensitive edit distance), when it is close enough to be
 * a likely typo: at most a third of the word's length, and at most 3 edits. Otherwise undefined.
 *
 * @example
 * ```ts
 * didYouMean("expresion", ["type", "expression", "timezone"]); // "expression"
 * ```
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 100) return undefined;
  const target = word.toLowerCase();
  const allowed = Math.min(3, Math.max(1, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const d = distance(target, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, or `cap` as soon as it is known to be at least `cap`. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = row;
  }
  return previous[b.length] ?? cap;
}
