import { describe as suite, expect, it } from "vitest";
import { describe, parseSchedule, preview } from "../src/index.js";

const cron = (expression: string, timezone?: string) =>
  parseSchedule({ type: "cron", expression, ...(timezone && { timezone }) });

suite("describe", () => {
  it.each([
    ["0 9 * * 1-5", "America/New_York", "at 09:00 on Monday–Friday in America/New_York"],
    ["*/15 * * * *", undefined, "every 15 minutes in UTC"],
    ["0 * * * *", undefined, "every hour at minute 00 in UTC"],
    ["30 2 * * *", "Europe/Rome", "at 02:30 in Europe/Rome"],
    ["0 0 L * *", undefined, "at 00:00 on the last day of the month in UTC"],
    ["0 12 * * 1#2", undefined, "at 12:00 on the second Monday of the month in UTC"],
    ["0 0 1,15 * 1", undefined, "at 00:00 on days 1 and 15 of the month or on Monday in UTC"],
    ["0 8 1 1,7 *", undefined, "at 08:00 on day 1 of the month in January and July in UTC"],
    ["*/10 * * * * *", undefined, "every 10 seconds in UTC"],
  ])("describes %s (%s) as %s", (expression, zone, sentence) => {
    expect(describe(cron(expression, zone))).toBe(sentence);
  });

  it("describes interval, once and immediate schedules and mentions jitter", () => {
    expect(describe({ type: "interval", seconds: 900 })).toBe("every 15 minutes");
    expect(describe({ type: "interval", seconds: 90, jitterSeconds: 30 })).toBe(
      "every 90 seconds, up to 30 seconds later (jitter)",
    );
    expect(describe({ type: "once", at: new Date("2026-03-08T09:00:00Z") })).toBe(
      "once at 2026-03-08T09:00:00.000Z",
    );
    expect(describe({ type: "immediate" })).toBe("once each time the server starts");
  });
});

suite("preview", () => {
  it("lists the next n instants, applying the DST rule", () => {
    expect(
      preview(cron("30 2 * * *", "America/New_York"), new Date("2026-03-07T00:00:00Z"), 3).map(
        (d) => d.toISOString(),
      ),
    ).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("starts interval previews on the anchor grid and gives nothing for a past once", () => {
    const anchor = new Date("2026-01-01T00:00:00Z");
    expect(
      preview({ type: "interval", seconds: 3600 }, new Date("2026-01-01T01:30:00Z"), 2, {
        anchor,
      }).map((d) => d.toISOString()),
    ).toEqual(["2026-01-01T02:00:00.000Z", "2026-01-01T03:00:00.000Z"]);
    expect(preview({ type: "once", at: anchor }, new Date("2026-02-01T00:00:00Z"), 5)).toEqual([]);
    expect(preview({ type: "immediate" }, anchor, 5)).toEqual([anchor]);
  });
});

suite("describe: hour and minute ranges", () => {
  it.each([
    ["0 9-17 * * *", "at minute 00 of hours 9–17 in UTC"],
    ["0-10 * * * *", "at minutes 00–10 of every hour in UTC"],
    ["*/5 9-17 * * *", "every 5 minutes during hours 9–17 in UTC"],
    ["0 0 */2 * *", "at 00:00 on days 1, 3, 5, …, 31 of the month in UTC"],
    ["0 0 */2 * 1", "at 00:00 on Monday that fall on days 1, 3, 5, …, 31 of the month in UTC"],
  ])("describes %s as %s", (expression, sentence) => {
    expect(describe(cron(expression))).toBe(sentence);
  });
});
