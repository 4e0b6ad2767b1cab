import { utcDate } from "../cron/cron-calendar.js";
import { DAY_MS as DAY, MAX_TIME, MIN_TIME } from "../time/instant.js";
import { OffsetReader, canonicalZoneName, isUtcName, resolvedZoneId } from "./time-zone.js";

const SECOND = 1000;

/** A stretch of time with one UTC offset, bounded by offset transitions. */
export interface OffsetSegment {
  /**
   * First instant (ms) of the segment: a transition, or an arbitrary earlier bound when none is
   * near (`-Infinity` for a zone that never changes offset).
   */
  start: number;
  /** First instant after the segment: the next transition, or an arbitrary later bound (or `Infinity`). */
  end: number;
  /** Offset (local minus UTC, ms) inside the segment. */
  offset: number;
  /** Offset just before `start`; equal to `offset` when `start` is not a real transition. */
  before: number;
}

interface Transition {
  at: number;
  offset: number;
  before: number;
}

interface YearTable {
  /** Offset at the first instant of the year. */
  startOffset: number;
  transitions: Transition[];
}

/**
 * The offset transitions of one IANA zone, found once per zone and UTC year (sampling the offset
 * daily, then bisecting each change to the second) and cached. Every later question — the offset
 * at an instant, the segment around it — is answered with arithmetic over the cached table, so
 * next-run evaluation never calls `Intl` per candidate time.
 */
export class ZoneRules {
  /** Set for zones that never change offset (UTC and its aliases). */
  readonly fixedOffset: number | null;
  /** The one segment of a fixed-offset zone (shared and frozen; callers only read segments). */
  readonly #fixedSegment: OffsetSegment | null;
  readonly #reader: OffsetReader | null;
  readonly #years = new Map<number, YearTable>();

  constructor(zone: string) {
    this.fixedOffset = isUtcName(zone) ? 0 : null;
    this.#fixedSegment =
      this.fixedOffset === null
        ? null
        : Object.freeze({
            start: Number.NEGATIVE_INFINITY,
            end: Number.POSITIVE_INFINITY,
            offset: this.fixedOffset,
            before: this.fixedOffset,
          });
    this.#reader = this.fixedOffset === null ? new OffsetReader(zone) : null;
  }

  /** Offset (local wall time minus UTC, in ms) at instant `ms`, which must be in the `Date` range. */
  offsetAt(ms: number): number {
    if (this.fixedOffset !== null) return this.fixedOffset;
    const table = this.#year(utcYear(ms));
    let offset = table.startOffset;
    for (const tr of table.transitions) {
      if (tr.at > ms) break;
      offset = tr.offset;
    }
    return offset;
  }

  /** The constant-offset segment that contains instant `ms`, which must be in the `Date` range. */
  segmentAt(ms: number): OffsetSegment {
    if (this.#fixedSegment !== null) return this.#fixedSegment;
    const year = utcYear(ms);
    const table = this.#year(year);
    let prev: Transition | undefined;
    let next: Transition | undefined;
    for (const tr of table.transitions) {
      if (tr.at <= ms) prev = tr;
      else {
        next = tr;
        break;
      }
    }
    if (prev === undefined) prev = this.#year(year - 1).transitions.at(-1);
    if (next === undefined) next = this.#year(year + 1).transitions[0];
    // No transition at or before `ms` in this year or the last: the offset the year starts with.
    const offset = prev?.offset ?? table.startOffset;
    return {
      start: prev?.at ?? yearStart(year - 1),
      end: next?.at ?? yearStart(year + 2),
      offset,
      before: prev?.before ?? offset,
    };
  }

  #year(year: number): YearTable {
    let table = this.#years.get(year);
    if (table === undefined) {
      table = this.#build(year);
      this.#years.set(year, table);
    }
    return table;
  }

  /**
   * Samples the year daily from one second before it starts and bisects every offset change. The
   * first and last years of the `Date` range are read only inside it; a year beyond it is empty.
   */
  #build(year: number): YearTable {
    const reader = this.#reader as OffsetReader;
    const start = clampTime(yearStart(year));
    const yearEnd = clampTime(yearStart(year + 1));
    const transitions: Transition[] = [];
    if (!(start < yearEnd)) return { startOffset: reader.offsetAt(start), transitions };
    let a = Math.max(start - SECOND, MIN_TIME);
    let offA = reader.offsetAt(a);
    while (a < yearEnd - SECOND) {
      const b = Math.min(a + DAY, yearEnd - SECOND);
      const offB = reader.offsetAt(b);
      if (offB !== offA) {
        // First second in (a, b] with a different offset; a second change in the window is taken next round.
        let lo = a;
        let hi = b;
        while (hi - lo > SECOND) {
          const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
          if (reader.offsetAt(mid) === offA) lo = mid;
          else hi = mid;
        }
        const offset = reader.offsetAt(hi);
        transitions.push({ at: hi, offset, before: offA });
        a = hi;
        offA = offset;
        continue;
      }
      a = b;
      offA = offB;
    }
    return { startOffset: reader.offsetAt(start), transitions };
  }
}

const zones = new Map<string, ZoneRules>();

/**
 * The shared {@link ZoneRules} of a zone (one per zone per process, whatever the spelling: keyed
 * by the identifier Intl resolves the name to). The zone must be valid.
 */
export function zoneRules(zone: string): ZoneRules {
  let rules = zones.get(zone);
  if (rules === undefined) {
    const id = isUtcName(zone) ? "UTC" : resolvedZoneId(zone);
    rules = zones.get(id) ?? new ZoneRules(id);
    zones.set(id, rules);
    // The name as given too, when it is the usual spelling (a bounded set: the zone database).
    if (canonicalZoneName(zone) === zone) zones.set(zone, rules);
  }
  return rules;
}

function utcYear(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

/** The first instant of a UTC year; ±Infinity for a year the `Date` range does not reach. */
function yearStart(year: number): number {
  const ms = utcDate(year, 0, 1);
  if (!Number.isNaN(ms)) return ms;
  return year > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

function clampTime(ms: number): number {
  return Math.min(Math.max(ms, MIN_TIME), MAX_TIME);
}
