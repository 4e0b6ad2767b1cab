import type { ZoneRules } from "../zone/zone-rules.js";
import { nextLocalMatch } from "./cron-calendar.js";
import type { CompiledCron } from "./cron-fields.js";

/** How far ahead a search goes before concluding there is no next run (covers Feb 29 across 2100). */
const SEARCH_LIMIT_MS = 12 * 366 * 86_400_000;

/**
 * The first fire instant (ms) strictly after `after`, or null when none lies within twelve years.
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
  let u = Math.floor(after / 1000) * 1000 + 1000;
  const limit = u + SEARCH_LIMIT_MS;
  while (u < limit) {
    const seg = zone.segmentAt(u);
    const offset = seg.offset;
    const localEnd = Math.min(seg.end, limit) + offset;
    let localFrom = u + offset;
    if (c.fixedTime) {
      if (seg.before < offset && u === seg.start) {
        // Spring-forward at `start`: the skipped wall times [start+before, start+offset) fire at `start`.
        if (nextLocalMatch(c, seg.start + seg.before, seg.start + offset) >= 0) return seg.start;
      } else if (seg.before > offset) {
        // Fall-back at `start`: wall times before start+before already fired in the previous segment.
        localFrom = Math.max(localFrom, seg.start + seg.before);
      }
    }
    const local = nextLocalMatch(c, localFrom, localEnd);
    if (local >= 0) return local - offset;
    u = seg.end;
  }
  return null;
}
