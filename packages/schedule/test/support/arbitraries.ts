import fc from "fast-check";
import { zoneRules } from "../../src/zone/zone-rules.js";

/** Zones with 60-, 30- and 45-minute shifts, midnight transitions, abolished DST, and none. */
export const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "Europe/Rome",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/Santiago",
  "America/St_Johns",
  "Pacific/Chatham",
  "Asia/Tehran",
  "Australia/Adelaide",
  "America/Havana",
];

const num = (min: number, max: number) => fc.integer({ min, max }).map(String);
const list = (min: number, max: number) =>
  fc
    .uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 })
    .map((v) => v.sort((a, b) => a - b).join(","));
const range = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
    .filter(([a, b]) => a < b)
    .map(([a, b]) => `${a}-${b}`);
const plain = (min: number, max: number) =>
  fc.oneof(num(min, max), list(min, max), range(min, max));
const starry = (maxStep: number) =>
  fc.oneof(
    fc.constant("*"),
    fc.integer({ min: 2, max: maxStep }).map((n) => `*/${n}`),
  );

/**
 * Cron expressions whose meaning is the same under the project's rule and croner configured with
 * `fixedTimeRule: "no-wildcard"` and OR day logic. Deliberately left out (documented differences):
 * steps without a leading `*` in minute/hour (`0-30/5`: fixed-time for Vixie, interval for croner),
 * `*`-steps in seconds (same), and a `*`-step day field next to a restricted one (`*\/2` with `MON`:
 * AND for Vixie, OR for croner).
 */
export const cronExpression = fc
  .record({
    second: fc.option(plain(0, 59), { nil: undefined, freq: 3 }),
    minute: fc.oneof(starry(30), plain(0, 59)),
    // Hours 0-3 are weighted up: that is where DST changes happen in the zones below.
    hour: fc.oneof(starry(12), plain(0, 23), { weight: 3, arbitrary: plain(0, 3) }),
    dom: fc.oneof({ weight: 4, arbitrary: fc.constant("*") }, plain(1, 31), fc.constant("L")),
    month: fc.oneof({ weight: 3, arbitrary: fc.constant("*") }, plain(1, 12)),
    dow: fc.oneof(
      { weight: 4, arbitrary: fc.constant("*") },
      plain(0, 6),
      fc.tuple(num(0, 6), num(1, 4)).map(([d, n]) => `${d}#${n}`),
    ),
  })
  .map((f) =>
    [f.second, f.minute, f.hour, f.dom, f.month, f.dow].filter((p) => p !== undefined).join(" "),
  );

/** 5-field expressions only (minute resolution), for checks that scan minute by minute. */
export const cronExpression5 = cronExpression.filter((e) => e.split(" ").length === 5);

/** An instant in 2000–2036, half of them within three hours of one of the zone's offset changes. */
export const instantIn = (zone: string) =>
  fc
    .tuple(
      fc.integer({ min: 2000, max: 2036 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 366 * 86_400 - 1 }),
      fc.integer({ min: -180, max: 180 }),
    )
    .map(([year, nearChange, sec, minutes]) => {
      const rules = zoneRules(zone);
      const start = Date.UTC(year, 0, 1);
      if (nearChange) {
        const seg = rules.segmentAt(start + sec * 1000);
        if (seg.before !== seg.offset) return seg.start + minutes * 60_000 + (sec % 60) * 1000;
      }
      return start + sec * 1000 + (minutes % 2) * 500;
    });

/** A zone and an instant in it. */
export const zoneAndInstant = fc
  .constantFrom(...ZONES)
  .chain((zone) => instantIn(zone).map((t) => ({ zone, t })));
