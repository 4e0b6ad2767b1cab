import { CronExpressionParser } from "cron-parser";
import {
  FIELD_NAMES,
  NICKNAMES,
  isStarField,
  nextTable,
  type CompiledCron,
} from "./cron-fields.js";
import { explainCronError } from "./explain-cron-error.js";
import { maxMatchGapYears } from "./match-gap.js";
import { DAY_MS } from "../time/instant.js";
import { quote } from "../schema/quote.js";

/** Result of {@link compileCron}: the compiled expression, or a sentence saying what is wrong. */
export type CompileResult = { ok: true; cron: CompiledCron } | { ok: false; reason: string };

const FIELD_HELP = "5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first";

/** The longest expression accepted (a cron expression listing every value of every field is shorter). */
export const MAX_EXPRESSION_LENGTH = 1000;

/**
 * The shortest search window, in years, whatever the expression: enough for wildcard expressions
 * whose matching wall times a time zone skips in some years.
 */
const MIN_SEARCH_YEARS = 12;

/** The fields where `?` is meaningless (it means "no specific value" in a day field only). */
const NO_QUESTION_MARK = [0, 1, 2, 4];

/**
 * Parses and validates `expression` with cron-parser, then compiles the expanded field values
 * into lookup tables for the project's own next-run evaluation. Never throws.
 */
export function compileCron(expression: string): CompileResult {
  const text = expression.trim();
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return fail(`is ${text.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are accepted`);
  }
  const nickname = NICKNAMES[text.toLowerCase()];
  const parts =
    nickname !== undefined ? nickname.split(" ") : text.split(/\s+/).filter((p) => p !== "");
  if (text.startsWith("@") && nickname === undefined) {
    return fail(`unknown nickname ${quote(text)} (accepted: ${Object.keys(NICKNAMES).join(", ")})`);
  }
  if (parts.length !== 5 && parts.length !== 6) {
    return fail(
      `has ${parts.length} field${parts.length === 1 ? "" : "s"}; a cron expression has ${FIELD_HELP}`,
    );
  }
  const raw = parts.length === 5 ? ["0", ...parts] : parts;
  const hashed = raw.findIndex((f) => /(^|,)H/i.test(f));
  if (hashed >= 0) {
    return fail(
      `${FIELD_NAMES[hashed]} ${quote(raw[hashed] ?? "")} uses a hashed value (H), which is not supported; write the value itself`,
    );
  }
  const asked = NO_QUESTION_MARK.find((i) => raw[i]?.includes("?"));
  if (asked !== undefined) {
    return fail(
      `${FIELD_NAMES[asked]} ${quote(raw[asked] ?? "")}: "?" is only accepted in the day-of-month and day-of-week fields; write "*"`,
    );
  }

  let fields;
  try {
    fields = CronExpressionParser.parse(raw.join(" ")).fields;
  } catch (error) {
    return fail(explainCronError(raw, error));
  }
  const numbers = (values: readonly (number | string)[]) =>
    values.filter((v): v is number => typeof v === "number");
  const months = new Uint8Array(12);
  for (const m of numbers(fields.month.values)) months[m - 1] = 1;
  const days = new Uint8Array(32);
  for (const d of numbers(fields.dayOfMonth.values)) days[d] = 1;
  const weekdays = new Uint8Array(7);
  const lastWeekdays = new Uint8Array(7);
  for (const w of fields.dayOfWeek.values) {
    if (typeof w === "number") weekdays[w % 7] = 1;
    else if (/^[0-7]L$/.test(w)) lastWeekdays[Number(w[0]) % 7] = 1;
  }
  const [, rawMinute = "*", rawHour = "*", rawDom = "*", , rawDow = "*"] = raw;
  const cron: CompiledCron = {
    raw,
    searchLimitMs: 0,
    nextSecond: nextTable(numbers(fields.second.values), 60),
    nextMinute: nextTable(numbers(fields.minute.values), 60),
    nextHour: nextTable(numbers(fields.hour.values), 24),
    months,
    days,
    lastDayOfMonth: fields.dayOfMonth.values.includes("L"),
    weekdays,
    lastWeekdays,
    nthWeekday: fields.dayOfWeek.nthDay,
    dayOr: !isStarField(rawDom) && !isStarField(rawDow),
    fixedTime: !rawMinute.startsWith("*") && !rawHour.startsWith("*"),
  };
  const gap = maxMatchGapYears(cron);
  if (gap === null) {
    return fail(
      `never matches a date: no day of the 400-year Gregorian calendar has day-of-month ${quote(rawDom)}, month ${quote(raw[4] ?? "*")} and day-of-week ${quote(rawDow)} together, so it would never run`,
    );
  }
  // From any instant, the next matching year starts within `gap` years and ends within gap + 1;
  // two more days cover the largest UTC offsets.
  const years = Math.max(MIN_SEARCH_YEARS, gap + 1);
  return { ok: true, cron: { ...cron, searchLimitMs: years * 366 * DAY_MS + 2 * DAY_MS } };
}

function fail(reason: string): CompileResult {
  return { ok: false, reason };
}
