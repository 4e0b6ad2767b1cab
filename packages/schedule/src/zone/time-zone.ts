/** 400 Gregorian years in milliseconds (146,097 days). */
const CYCLE_MS = 146_097 * 86_400_000;

const validity = new Map<string, boolean>();

/** Longer strings are not time-zone names (the longest IANA name has 32 characters). */
const MAX_ZONE_NAME = 64;

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
  if (typeof tz !== "string" || tz.length > MAX_ZONE_NAME) return false;
  const known = validity.get(tz);
  if (known !== undefined) return known;
  let ok = false;
  if (/^[A-Za-z]/.test(tz)) {
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

/**
 * The usual spelling of a valid zone name written in another case (`america/new_york` →
 * `America/New_York`, `utc` → `UTC`), so that one zone has one name; other names are returned
 * unchanged (Intl resolves some aliases to older names, `Asia/Kolkata` → `Asia/Calcutta`, and
 * the name the user chose is kept).
 */
export function canonicalZoneName(tz: string): string {
  if (!isValidTimeZone(tz)) return tz;
  let name = spelling.get(tz);
  if (name === undefined) {
    name = respell(tz);
    if (spelling.size > 10_000) spelling.clear();
    spelling.set(tz, name);
  }
  return name;
}

const spelling = new Map<string, string>();

function respell(tz: string): string {
  const resolved = resolvedZoneId(tz);
  if (resolved === tz) return tz;
  const lower = tz.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  return zoneNames().find((n) => n.toLowerCase() === lower) ?? tz;
}

/**
 * The identifier Intl resolves a valid zone name to (`asia/kolkata` and `Asia/Kolkata` →
 * `Asia/Calcutta` on Node 20): one name per set of names that mean the same zone, so caches
 * keyed by it stay as small as the zone database whatever spellings callers use.
 */
export function resolvedZoneId(tz: string): string {
  let id = resolved.get(tz);
  if (id === undefined) {
    try {
      id = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      id = tz;
    }
    if (resolved.size > 10_000) resolved.clear();
    resolved.set(tz, id);
  }
  return id;
}

const resolved = new Map<string, string>();

/** The zone names this runtime lists, for spelling and suggestions. */
export function zoneNames(): readonly string[] {
  names ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  return names;
}

let names: readonly string[] | undefined;

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
    // A wall time just outside the Date range (east of UTC at its end, west at its start) is
    // built 400 years nearer and moved back by one Gregorian cycle of 146,097 days.
    const shift = year > 200_000 ? 400 : year < -200_000 ? -400 : 0;
    const wall = new Date(0);
    wall.setUTCFullYear(year - shift, Number(m[1]) - 1, Number(m[2]));
    wall.setUTCHours(Number(m[5]) % 24, Number(m[6]), Number(m[7]), 0);
    return wall.getTime() + (shift / 400) * CYCLE_MS - at;
  }
}
