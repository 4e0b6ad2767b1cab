import { MAX_TIME, MIN_TIME } from "../time/instant.js";
import type { ZoneRules } from "../zone/zone-rules.js";
import { nextLocalMatch } from "./cron-calendar.js";
import type { CompiledCron } from "./cron-fields.js";

/**
 * The first fire instant (ms) strictly after `after`, or null when there is none within the
 * expression's search window (`searchLimitMs`, which covers the longest stretch without a matching
 * date) or before the end of the `Date` range. `after` must be a number (not NaN); any instant
 * in the `Date` range works, before 1970 included.
 *
 * The timeline is walked one constant-offset segment at a time; inside a segment local wall time
 * is `instant + offset`, so matching is pure arithmetic. The DST rule (Vixie cron):
 * - wildcard expressions follow real time: every real instant whose local time matches fires,
 *   so a repeated hour fires twice and a skipped hour not at all;
 * - fixed-time expressions fire once per matching local time: a local time a spring-forward skips
 *   fires at the first instant after the gap (the transition), and a repeated local time fires
 *   only at its first occurrence.
 */
export function nextCronRun(c: CompiledCron, zone: ZoneRules, after: number): number | null {
  if (after >= MAX_TIME) return null;
  let u = Math.max(Math.floor(after / 1000) * 1000 + 1000, MIN_TIME);
  const limit = Math.min(u + c.searchLimitMs, MAX_TIME + 1);
  while (u < limit) {
    const seg = zone.segmentAt(u);
    const offset = seg.offset;
    const end = Math.min(seg.end, limit);
    let localFrom = u + offset;
    if (c.fixedTime) {
      if (seg.before < offset && u === seg.start) {
        // Spring-forward at `start`: the skipped wall times [start+before, start+offset) fire at `start`.
        if (nextLocalMatch(c, seg.start + seg.before, seg.start + offset) !== null)
          return seg.start;
      } else if (seg.before > offset) {
        // Fall-back at `start`: wall times before start+before already fired in the previous segment.
        localFrom = Math.max(localFrom, seg.start + seg.before);
      }
    }
    const local = nextLocalMatch(c, localFrom, end + offset);
    if (local !== null) return local - offset;
    // Segments always end after they start; the guard only keeps a broken table from looping.
    if (!(end > u)) return null;
    u = end;
  }
  return null;
}
