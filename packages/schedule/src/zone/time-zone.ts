const validity = new Map<string, boolean>();

/**
 * True when `tz` names a time zone the runtime's Intl database knows (an IANA name such as
 * `Europe/Rome`, or `UTC`). Offsets such as `+02:00` are not time zones and are rejected.
 *
 * @example
 * ```ts
 * isValidTimeZone("America/New_York"); // true
 * isValidTimeZone("Mars/Olympus");     // false
 * ```
 */
export function isValidTimeZone(tz: string): boolean {
  const known = validity.get(tz);
  if (known !== undefined) return known;
  let ok = false;
  if (typeof tz === "string" && /^[A-Za-z]/.test(tz)) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (validity.size > 10_000) validity.clear();
  validity.set(tz, ok);
  return ok;
}

/** True for the names that mean UTC, which need no time-zone database look-ups at all. */
export function isUtcName(tz: string): boolean {
  return /^(?:Etc\/)?(?:UTC|UCT|GMT|Zulu|Universal|Greenwich|GMT[+-]?0)$/i.test(tz);
}

/**
 * Reads the UTC offset of a zone at an instant through one cached `Intl.DateTimeFormat` per zone
 * (`format`, which is about three times faster than `formatToParts`). Only used to build the
 * per-year transition tables of {@link ZoneRules}, never per candidate time.
 */
export class OffsetReader {
  readonly #format: Intl.DateTimeFormat;

  constructor(tz: string) {
    this.#format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  }

  /** Offset in milliseconds (local wall time minus UTC) at instant `ms`, to the second. */
  offsetAt(ms: number): number {
    const at = Math.floor(ms / 1000) * 1000;
    // e.g. "3/8/2026 AD, 03:00:00" or "12/31/1 BC, 19:00:00"
    const m = /^(\d+)\/(\d+)\/(\d+) (\w+),? (\d+):(\d+):(\d+)$/.exec(this.#format.format(at));
    if (m === null) throw new Error(`unexpected date format from Intl for instant ${at}`);
    let year = Number(m[3]);
    if (m[4] === "BC" || m[4] === "B") year = 1 - year;
    const wall = new Date(0);
    wall.setUTCFullYear(year, Number(m[1]) - 1, Number(m[2]));
    wall.setUTCHours(Number(m[5]) % 24, Number(m[6]), Number(m[7]), 0);
    return wall.getTime() - at;
  }
}
