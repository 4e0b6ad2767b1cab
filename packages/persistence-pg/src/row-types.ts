import pg from "pg";

const TIMESTAMPTZ_OID = 1184;

type TypeParser = (text: string) => unknown;

/** `count` decimal digits of `text` from `at` as a number; NaN when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A `timestamptz` as PostgreSQL writes it with `DateStyle` ISO —
 * `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` — read without a regular expression: it is the
 * type every hot statement returns most of, and `pg`'s own parser (`postgres-date`) builds a
 * match array and nine substrings for each value. Years before 100 or after 9999, `BC`, the
 * infinities and anything unexpected go to `fallback` (`pg`'s parser), so every value reads as
 * `pg` would read it. Sub-millisecond digits are dropped, as a `Date` drops them.
 */
export function timestamptzParser(fallback: TypeParser): (text: string) => unknown {
  return (text) => {
    const n = text.length;
    if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32) return fallback(text);
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    if (
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58 ||
      !(year >= 100) ||
      Number.isNaN(month + day + hour + minute + second)
    )
      return fallback(text);
    let at = 19;
    let ms = 0;
    if (text.charCodeAt(at) === 46 /* . */) {
      at++;
      let scale = 100;
      for (let d = text.charCodeAt(at) - 48; d >= 0 && d <= 9; d = text.charCodeAt(at) - 48) {
        ms += d * scale;
        scale /= 10;
        at++;
      }
      ms = Math.trunc(ms);
    }
    const sign = text.charCodeAt(at);
    if (sign !== 43 /* + */ && sign !== 45 /* - */) return fallback(text);
    // The offset in seconds: ±HH, ±HH:MM or ±HH:MM:SS, and nothing after it.
    const rest = n - at - 1;
    let offset = Number.NaN;
    if (rest === 2) offset = digits(text, at + 1, 2) * 3600;
    else if (rest === 5 && text.charCodeAt(at + 3) === 58)
      offset = digits(text, at + 1, 2) * 3600 + digits(text, at + 4, 2) * 60;
    else if (rest === 8 && text.charCodeAt(at + 3) === 58 && text.charCodeAt(at + 6) === 58)
      offset =
        digits(text, at + 1, 2) * 3600 + digits(text, at + 4, 2) * 60 + digits(text, at + 7, 2);
    if (Number.isNaN(offset)) return fallback(text);
    const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    return new Date(utc - (sign === 45 ? -offset : offset) * 1000);
  };
}

/**
 * The type parsers of the hot statements (see `kyselyOver`): `pg`'s own, read at each call so a
 * parser the application registered is used, with `timestamptz` read by
 * {@link timestamptzParser} when the application left `pg`'s default in place.
 */
export function hotRowTypes(types: typeof pg.types = pg.types): {
  getTypeParser(oid: number, format?: string): TypeParser;
} {
  const stock = types.getTypeParser(TIMESTAMPTZ_OID, "text") as TypeParser;
  const fast = timestamptzParser(stock);
  return {
    getTypeParser(oid, format = "text") {
      const parser = types.getTypeParser(oid, format as "text") as TypeParser;
      return oid === TIMESTAMPTZ_OID && parser === stock ? fast : parser;
    },
  };
}
