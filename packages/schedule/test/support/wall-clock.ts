/**
 * An independent oracle for tests: wall-clock time of an instant in a zone straight from Intl
 * (no caching, no transition tables), and the inverse by search.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
}

/** Wall-clock time of `ms` in `zone`, written as milliseconds "as if UTC". */
export function wallClock(zone: string, ms: number): number {
  const m = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/.exec(format(zone).format(ms));
  if (!m) throw new Error(`unexpected Intl output for ${ms}`);
  const [, month, day, year, hour, minute, second] = m.map(Number);
  return Date.UTC(
    year ?? 0,
    (month ?? 1) - 1,
    day ?? 1,
    (hour ?? 0) % 24,
    minute ?? 0,
    second ?? 0,
  );
}

/** Every instant whose wall-clock time in `zone` is `local` (0, 1 or 2 of them), ascending. */
export function instantsOf(
  zone: string,
  local: number,
  offsets = offsetsAround(zone, local, local),
): number[] {
  const found = new Set<number>();
  for (const offset of offsets) {
    const t = local - offset;
    if (wallClock(zone, t) === local) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}

/** The offsets in force from 30 hours before `from` to 30 hours after `to` (enough for one transition). */
export function offsetsAround(zone: string, from: number, to: number): Set<number> {
  const offsets = new Set<number>();
  for (const at of [from - 30 * 3_600_000, to + 30 * 3_600_000])
    offsets.add(wallClock(zone, at) - at);
  return offsets;
}

/** For a wall time `local` skipped by a spring-forward: the first instant whose wall time is later. */
export function endOfGap(zone: string, local: number): number {
  let lo = local - 30 * 3_600_000; // wall time < local here
  let hi = local + 30 * 3_600_000; // wall time > local here
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClock(zone, mid) > local) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** ISO text of a wall time, for messages: "2026-03-08T02:30:00". */
export function showLocal(local: number): string {
  return new Date(local).toISOString().slice(0, 19);
}
