import { CronExpressionParser } from "cron-parser";
import {
  FIELD_NAMES,
  NICKNAMES,
  isStarField,
  nextTable,
  type CompiledCron,
} from "./cron-fields.js";
import { explainCronError } from "./explain-cron-error.js";
import { nextLocalMatch } from "./cron-calendar.js";

/** Result of {@link compileCron}: the compiled expression, or a sentence saying what is wrong. */
export type CompileResult = { ok: true; cron: CompiledCron } | { ok: false; reason: string };

const FIELD_HELP = "5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first";

/**
 * Parses and validates `expression` with cron-parser, then compiles the expanded field values
 * into lookup tables for the project's own next-run evaluation. Never throws.
 */
export function compileCron(expression: string): CompileResult {
  const text = expression.trim();
  const nickname = NICKNAMES[text.toLowerCase()];
  const parts =
    nickname !== undefined ? nickname.split(" ") : text.split(/\s+/).filter((p) => p !== "");
  if (text.startsWith("@") && nickname === undefined) {
    return fail(`unknown nickname "${text}" (accepted: ${Object.keys(NICKNAMES).join(", ")})`);
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
      `${FIELD_NAMES[hashed]} "${raw[hashed]}" uses a hashed value (H), which is not supported; write the value itself`,
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
  // 28 years cover every weekday/leap-year combination (except around 2100, which is not leap).
  const from = Date.UTC(2000, 0, 1);
  if (nextLocalMatch(cron, from, Date.UTC(2028, 0, 1)) < 0) {
    return fail(
      `never matches a date (day-of-month "${rawDom}", month "${raw[4]}", day-of-week "${rawDow}")`,
    );
  }
  return { ok: true, cron };
}

function fail(reason: string): CompileResult {
  return { ok: false, reason };
}
