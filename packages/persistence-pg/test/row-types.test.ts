import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { hotRowTypes, timestamptzParser } from "../src/row-types.js";
import { instantText } from "../src/sql/json-rows.js";
import { testPool } from "./support/pg.js";

const stock = pg.types.getTypeParser(1184, "text") as (text: string) => unknown;
const fast = timestamptzParser(stock);
const admin = testPool(2);

afterAll(async () => {
  await admin.end();
});

/** The same value as pg's own parser gives: the same instant, or the same non-Date value. */
function sameAsStock(text: string): void {
  const mine = fast(text);
  const theirs = stock(text);
  if (theirs instanceof Date) {
    expect(mine, text).toBeInstanceOf(Date);
    expect((mine as Date).getTime(), text).toBe(theirs.getTime());
  } else expect(mine, text).toEqual(theirs);
}

describe("the timestamptz parser of the hot statements", () => {
  it("reads every form PostgreSQL writes as pg's own parser reads it", () => {
    for (const text of [
      "2026-12-01 23:44:08.642+00",
      "2026-12-01 23:44:08+00",
      "2026-12-01 23:44:08.6+00",
      "2026-12-01 23:44:08.64+00",
      "2026-12-01 23:44:08.642123+00",
      "2026-12-01 23:44:08.999999+00",
      "2026-03-29 02:30:00+05:30",
      "2026-03-29 02:30:00.001-03:30",
      "1900-01-01 00:00:00+00:19:32",
      "1900-01-01 00:00:00.5-00:19:32",
      "1970-01-01 00:00:00+00",
      "1969-12-31 23:59:59.999+00",
      "0100-02-28 12:00:00+00",
      "0099-12-31 23:59:59+00",
      "0001-01-01 00:00:00+00",
      "0001-01-01 00:00:00+00 BC",
      "4713-01-01 00:00:00+00 BC",
      "10000-01-01 00:00:00+00",
      "275760-09-13 00:00:00+00",
      "infinity",
      "-infinity",
    ])
      sameAsStock(text);
  });

  it("leaves anything malformed to pg's parser", () => {
    for (const text of [
      "2026-12-01T23:44:08.642+00",
      "2026-12-01 23:44:08.642",
      "2026-12-01 23:44:08.642+0",
      "2026-12-01 23:44:08.642+00:0",
      "2026-12-01 23:44:08.642+00 junk",
      "2026-1x-01 23:44:08.642+00",
      "2026-12-01 23:4:08.642+00:00",
      "",
    ])
      expect(fast(text)).toEqual(stock(text));
  });

  it("gives up the fast path when the application registered its own parser", () => {
    const types = {
      getTypeParser: (oid: number) => (oid === 1184 ? (t: string) => `mine:${t}` : String),
    } as unknown as typeof pg.types;
    const hot = hotRowTypes(types);
    expect(hot.getTypeParser(1184)("2026-12-01 23:44:08+00")).toBe("mine:2026-12-01 23:44:08+00");
  });

  it("reads what the server writes, in zones with odd offsets, as pg's parser does", async () => {
    const client = await admin.connect();
    try {
      // Instants from 4713 BC to the last a Date holds, odd milliseconds, across DST changes.
      const instants: number[] = [
        Date.UTC(-4712, 0, 1),
        Date.UTC(-1, 5, 15, 1, 2, 3, 4),
        Date.UTC(0, 0, 1),
        new Date("0050-06-01T00:00:00Z").getTime(),
        Date.UTC(1900, 0, 1),
        Date.UTC(1937, 6, 1, 0, 0, 0, 1),
        Date.UTC(2026, 2, 29, 1, 30),
        Date.UTC(2026, 9, 25, 0, 59, 59, 999),
        8.64e15,
      ];
      let seed = 7;
      for (let i = 0; i < 500; i++) {
        seed = (seed * 48271) % 2147483647;
        instants.push(Date.UTC(1800, 0, 1) + (seed % 10_000_000) * 3_600_007 + (seed % 1000));
      }
      for (const zone of ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam"]) {
        await client.query(`SET TimeZone = '${zone}'`);
        const { rows } = await client.query<{ t: string }>({
          text: "SELECT t::text FROM unnest($1::timestamptz[]) AS u(t)",
          values: [instants.map((ms) => new Date(ms))],
        });
        for (const { t } of rows) sameAsStock(t);
      }
    } finally {
      await client.query("RESET TimeZone");
      client.release();
    }
  });
});

describe("instants sent as text", () => {
  it("read back to the same millisecond, from 4713 BC to the last instant a Date holds", async () => {
    const instants = [
      Date.UTC(-4712, 0, 1),
      Date.UTC(-1, 11, 31, 23, 59, 59, 999),
      Date.UTC(0, 0, 1),
      new Date("0001-01-01T00:00:00.000Z").getTime(),
      new Date("0099-12-31T23:59:59.999Z").getTime(),
      Date.UTC(1900, 0, 1),
      -1,
      0,
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      8.64e15,
    ];
    let seed = 11;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 48271) % 2147483647;
      // Many in the same seconds (the memo's hits), others anywhere in years 1–9999.
      instants.push(
        i % 2 === 0
          ? Date.UTC(2026, 11, 1, 12, 0, seed % 4) + (seed % 1000)
          : Date.UTC(1, 0, 1) + (seed % 100_000) * 3_155_695_200 + (seed % 997),
      );
    }
    const texts = instants.map((ms) => instantText(new Date(ms)));
    expect(instantText(null)).toBeNull();
    const { rows } = await admin.query<{ ms: string }>(
      "SELECT (extract(epoch FROM t::timestamptz) * 1000)::text AS ms FROM unnest($1::text[]) AS u(t)",
      [texts],
    );
    expect(rows.map((r) => Number(r.ms))).toEqual(instants);
  });

  it("refuses an Invalid Date as toISOString does", () => {
    expect(() => instantText(new Date(Number.NaN))).toThrow(RangeError);
  });
});
