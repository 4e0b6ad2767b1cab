import type { MisfirePolicy } from "../types.js";

/** Default `maxCatchUp` of the `run-all` policy. */
export const DEFAULT_MAX_CATCH_UP = 10;

/** The misfire policy of a schedule that names none. */
export const DEFAULT_MISFIRE_POLICY: MisfirePolicy = "run-once";

/**
 * The missed slots to run, oldest first: every slot in [from, now] (`from` itself counts), then
 * reduced by the policy — `skip` → none, `run-once` → the latest, `run-all` → the latest
 * `maxCatchUp`. Only the tail is enumerated: the search window ends at `now` and grows
 * sixteenfold until it holds enough slots or reaches `from`, so a per-second schedule after a
 * week-long outage costs a handful of evaluations, not 600,000.
 */
export function missedSlots(
  next: (after: number) => number | null,
  from: number,
  now: number,
  policy: MisfirePolicy,
  maxCatchUp: number,
): number[] {
  if (from > now || policy === "skip") return [];
  const want = policy === "run-once" ? 1 : Math.max(1, maxCatchUp);
  for (let window = 60_000; ; window *= 16) {
    const start = Math.max(from, now - window);
    const slots: number[] = [];
    let slot: number | null = start === from ? from : next(start - 1);
    while (slot !== null && slot <= now) {
      slots.push(slot);
      if (slots.length > want) slots.shift();
      slot = next(slot);
    }
    if (slots.length >= want || start === from) return slots;
  }
}
