import { CronExpressionParser } from "cron-parser";
import { quote } from "../schema/quote.js";
import { FIELD_NAMES, FIELD_RANGES } from "./cron-fields.js";

/**
 * Turns a cron-parser failure into a sentence that names the field, the bad value and what the
 * field accepts, by re-parsing each field on its own against an all-`*` expression.
 */
export function explainCronError(fields: readonly string[], error: unknown): string {
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i] ?? "";
    const probe = ["0", "*", "*", "*", "*", "*"];
    probe[i] = value;
    try {
      CronExpressionParser.parse(probe.join(" "));
    } catch (fieldError) {
      return describeFieldError(i, value, messageOf(fieldError));
    }
  }
  const message = messageOf(error);
  if (/day of month/i.test(message)) {
    return `day-of-month ${quote(fields[3] ?? "")} never occurs in month ${quote(fields[4] ?? "")}, so the expression would never run`;
  }
  return `${message.replace(/\.$/, "")} (fields: second minute hour day-of-month month day-of-week)`;
}

function describeFieldError(index: number, value: string, message: string): string {
  const name = FIELD_NAMES[index] ?? "field";
  const range = FIELD_RANGES[index] ?? "";
  const single = /got value (\S+) expected range/i.exec(message);
  if (single) return `${name} ${single[1]} is out of range ${range}`;
  const span = /got range (\S+) expected range/i.exec(message);
  if (span?.[1]?.includes("NaN")) {
    return `${name} ${quote(value)} has a range with a missing or unknown end; write both ends, e.g. ${index === 5 ? `"MON-FRI" or "1-5"` : `"1-5"`} (accepted: ${range})`;
  }
  if (span) return `${name} range ${span[1]} is out of range ${range}`;
  if (/min\(\d+\) > max\(\d+\)/.test(message)) {
    return `${name} range ${quote(value)} runs backwards; write the smaller value first (accepted: ${range})`;
  }
  if (/repeat at every 0/.test(message)) return `${name} step ${quote(value)} must be at least 1`;
  if (/Invalid characters/i.test(message)) {
    return `${name} ${quote(value)} is not valid (accepted: ${range}, with * , - / and, in the day fields, L, ? and #)`;
  }
  if (/occurrence number/.test(message))
    return `${name} ${quote(value)}: the # occurrence must be 1-5`;
  return `${name} ${quote(value)} is not valid: ${message.replace(/\.$/, "")} (accepted: ${range})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
