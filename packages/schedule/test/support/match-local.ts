import { CronExpressionParser } from "cron-parser";

/**
 * A deliberately naive matcher for tests: does the wall time `local` (ms "as if UTC") match the
 * expression? Uses cron-parser's expanded values and the Vixie day rule, nothing from src/.
 */
const parsed = new Map<
  string,
  { raw: string[]; f: ReturnType<typeof CronExpressionParser.parse>["fields"] }
>();

export function matchesLocal(expression: string, local: number): boolean {
  let entry = parsed.get(expression);
  if (!entry) {
    const parts = expression.split(" ");
    const raw = parts.length === 5 ? ["0", ...parts] : parts;
    entry = { raw, f: CronExpressionParser.parse(raw.join(" ")).fields };
    parsed.set(expression, entry);
  }
  const { raw, f } = entry;
  const d = new Date(local);
  const day = d.getUTCDate();
  const weekday = d.getUTCDay();
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const has = (values: readonly (number | string)[], v: number) => values.includes(v);
  if (!has(f.second.values, d.getUTCSeconds()) || !has(f.minute.values, d.getUTCMinutes()))
    return false;
  if (!has(f.hour.values, d.getUTCHours()) || !has(f.month.values, d.getUTCMonth() + 1))
    return false;
  const domOk =
    has(f.dayOfMonth.values, day) || (f.dayOfMonth.values.includes("L") && day === lastDay);
  const nth = f.dayOfWeek.nthDay;
  const dowOk =
    (has(f.dayOfWeek.values, weekday) || (weekday === 0 && has(f.dayOfWeek.values, 7))) &&
    (nth === 0 || Math.ceil(day / 7) === nth);
  const star = (s: string | undefined) =>
    s !== undefined && (s.startsWith("*") || s.startsWith("?"));
  return star(raw[3]) || star(raw[5]) ? domOk && dowOk : domOk || dowOk;
}

/** Vixie's split: fixed-time unless the minute or hour field starts with `*`. */
export function isFixedTime(expression: string): boolean {
  const parts = expression.split(" ");
  const [minute = "*", hour = "*"] = parts.length === 5 ? parts : parts.slice(1);
  return !minute.startsWith("*") && !hour.startsWith("*");
}
