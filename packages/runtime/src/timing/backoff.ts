/**
 * The delay before retry number `retry` (1 = the first retry): exponential backoff with full
 * jitter, `random() * min(maxMs, baseMs * 2^(retry - 1))`.
 *
 * @example
 * ```ts
 * backoffDelayMs(1, 2_000, 60_000, () => 1); // 2000
 * backoffDelayMs(3, 2_000, 60_000, () => 1); // 8000
 * ```
 */
export function backoffDelayMs(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
