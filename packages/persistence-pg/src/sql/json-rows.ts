import { sql, type RawBuilder } from "kysely";
import { LONE_SURROGATE_ESCAPE, mayHoldLoneSurrogate, wellFormed } from "../rows.js";

/**
 * A batch's rows sent as one `json` text parameter and read back as a row source `alias(..., ord)`
 * (`json_to_recordset($1::json) ... WITH ORDINALITY`), one row per input object with its position
 * (`ord`, from 1), planned as one row (see {@link JsonRows.from}).
 *
 * Why not one array parameter per column (`unnest($1::text[], $2::timestamptz[], ...)`): node-pg
 * turns every array into an array literal element by element, escaping each string and formatting
 * each `Date` with string padding, which made parameter building the largest allocation of a run.
 * One `JSON.stringify` of the batch is a single native pass and one flat string. PostgreSQL parses
 * each field with its column type's input function, exactly as it parses a text parameter.
 *
 * What goes in must be what `json` accepts: instants through {@link instantText}, numbers finite.
 * A lone surrogate in any string (which JSON escapes in `\ud800`–`\udfff` and PostgreSQL
 * refuses, failing the whole batch) is sent as U+FFFD, as node-pg's UTF-8 encoding of a text
 * parameter sends it, and so is a NUL (which text cannot hold): it can reach here only in a name
 * looked up (a task id to claim, say), never in a value written, which is checked before, and no
 * stored name has one.
 * A key an object leaves out reads as NULL.
 */
export class JsonRows {
  readonly #columns: RawBuilder<unknown>;
  readonly #names: RawBuilder<unknown>;
  readonly #checked: boolean;

  /**
   * `columns`: each column's name (the object key) and PostgreSQL type, in order. `checked`: every
   * string in the rows comes from a write the checks of `writes.ts` made (well-formed, without
   * NUL), so the JSON text is not scanned for escapes — a scan of a batch's whole text, whose
   * nested JSON is full of backslashes, cost as much as writing it. Without it (names looked up,
   * which nothing checked), lone surrogates and NULs are sent as U+FFFD.
   */
  constructor(columns: readonly (readonly [name: string, type: string])[], checked = false) {
    this.#checked = checked;
    this.#columns = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(", "));
    this.#names = sql.raw(columns.map(([name]) => name).join(", "));
  }

  /** `rows` as a row source named `alias`, with the extra column `ord`. */
  from(alias: string, rows: readonly object[]): RawBuilder<unknown> {
    let json = JSON.stringify(rows);
    if (
      !this.#checked &&
      mayHoldLoneSurrogate(json) &&
      (LONE_SURROGATE_ESCAPE.test(json) || json.includes("\\u0000"))
    ) {
      json = JSON.stringify(rows, (_key, value: unknown) =>
        typeof value === "string" ? wellFormed(value).replaceAll("\u0000", "\uFFFD") : value,
      );
    }
    // The filter is always true; it is there for the planner. A function scan is guessed at 100
    // rows, and a plan made for 100 input rows joins them to a small table (a new install, or a
    // table whose statistics are older than its rows) by reading all of it — a plan PostgreSQL
    // then keeps for the prepared statement while the table grows. A range test on a column
    // without statistics is estimated to keep 0.5 % of the rows, so the batch is planned as the
    // one row it most often is at light load, and every join becomes a key lookup per row, whose
    // cost follows the batch, not the table.
    return sql`(SELECT * FROM ROWS FROM (json_to_recordset(${json}::json) AS (${this.#columns}))
      WITH ORDINALITY AS r(${this.#names}, ord)
      WHERE r.ord >= 1 AND r.ord <= 2147483647) AS ${sql.raw(alias)}`;
  }
}

/**
 * `date` as text `timestamptz` reads back to the same millisecond, for every instant a `Date` can
 * hold after 4713 BC: ISO 8601 for years 1–9999, the year without its sign beyond 9999, and
 * `... BC` for year 0 and earlier (JavaScript's year 0 is 1 BC). `null` stays `null`.
 *
 * `toISOString` costs more than half a microsecond and a batch formats several instants per row,
 * most of them in the same few seconds: the text up to the second is kept per second (a small
 * memo of pure results, emptied when it fills) and only the milliseconds are added.
 */
export function instantText(date: Date | null): string | null {
  if (date === null) return null;
  const ms = date.getTime();
  const second = Math.floor(ms / 1000);
  let head = seconds.get(second);
  if (head === undefined) {
    const iso = date.toISOString();
    // Only the plain form (years 1–9999) is split; the others are rare and formatted whole.
    if (iso.length !== 24 || iso.startsWith("0000-") || !isDigit(iso.charCodeAt(0)))
      return unusualInstantText(date, iso);
    head = iso.slice(0, 20);
    if (seconds.size >= 512) seconds.clear();
    seconds.set(second, head);
  }
  return head + MILLIS[ms - second * 1000]!;
}

/** `YYYY-MM-DDTHH:MM:SS.` of the seconds formatted lately. */
const seconds = new Map<number, string>();
/** `000Z` to `999Z`. */
const MILLIS = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, "0")}Z`);

const isDigit = (code: number) => code >= 48 && code <= 57;

/** {@link instantText} of a year outside 1–9999 (`iso` is the date's `toISOString`). */
function unusualInstantText(date: Date, iso: string): string {
  const first = iso.charCodeAt(0);
  if (first === 43 /* "+" */) return iso.slice(1);
  if (first === 45 /* "-" */ || iso.startsWith("0000-")) {
    const bc = String(1 - date.getUTCFullYear()).padStart(4, "0");
    return `${bc}${iso.slice(iso.indexOf("-", 1))} BC`;
  }
  return iso;
}
