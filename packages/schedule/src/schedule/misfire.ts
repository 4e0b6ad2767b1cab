import type { MisfirePolicy } from "../types.js";

/** Default `maxCatchUp` of the `run-all` policy. */
export const DEFAULT_MAX_CATCH_UP = 10;

/** The misfire policy of a schedule that names none. */
export const DEFAULT_MISFIRE_POLICY: MisfirePolicy = "run-once";

/**
 * The missed slots to run, oldest first: every slot in [from, now] (`from` itself counts), then
 * reduced by the policy — `skip` → none, `run-once` → the latest, `run-all` → the latest
 * `maxCatchUp`. Only the tail is enumerated, backwards in chunks: the first chunk is the minute
 * before `now`, each chunk ends where the previous one started and is twice as long, and each slot
 * is visited once (a ring buffer keeps the latest ones of a chunk), so the work is linear in the
 * slots looked at and a per-second schedule after a week-long outage costs a handful of
 * evaluations, not 600,000. `from` and `now` must be numbers (not NaN).
 */
export function missedSlots(
  next: (after: number) => number | null,
  from: number,
  now: number,
  policy: MisfirePolicy,
  maxCatchUp: number,
): number[] {
  if (from > now || policy === "skip") return [];
  const want = policy === "run-once" ? 1 : Math.max(1, Math.floor(maxCatchUp));
  // Chunks found so far, latest first; each holds the latest slots of [start, end), oldest first.
  const chunks: number[][] = [];
  let have = 0;
  let end = now + 1;
  for (let size = 60_000; have < want && end > from; size *= 2) {
    const start = Math.max(from, end - size);
    const chunk = latestSlots(next, start, end, want - have, start === from);
    chunks.push(chunk);
    have += chunk.length;
    end = start;
  }
  const slots: number[] = [];
  for (let i = chunks.length - 1; i >= 0; i--) for (const slot of chunks[i] ?? []) slots.push(slot);
  return slots;
}

/**
 * The latest `count` slots in [start, end), oldest first, visiting each slot once: a ring buffer
 * of `count` entries keeps the latest ones (no array shifting). `start` itself counts as a slot
 * when `startIsSlot` (it is the persisted next run that was missed).
 */
function latestSlots(
  next: (after: number) => number | null,
  start: number,
  end: number,
  count: number,
  startIsSlot: boolean,
): number[] {
  const ring: number[] = [];
  let seen = 0;
  for (let slot = startIsSlot ? start : next(start - 1); slot !== null && slot < end;) {
    if (ring.length < count) ring.push(slot);
    else ring[seen % count] = slot;
    seen++;
    const following = next(slot);
    // A rule's next slot is always later; stopping otherwise keeps a broken rule from looping.
    if (following !== null && !(following > slot)) break;
    slot = following;
  }
  if (seen <= count) return ring;
  const cut = seen % count;
  return [...ring.slice(cut), ...ring.slice(0, cut)];
}
