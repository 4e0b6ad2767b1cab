import { compileCronCached } from "../cron/cron-cache.js";
import type { CronSchedule, ScheduleType } from "../types.js";
import {
  compress,
  describeMonthDays,
  describeMonths,
  describeWeekdays,
  expand,
  joinAnd,
  pad,
} from "./describe-fields.js";

/**
 * A short English sentence for a schedule, for logs, `--check` output and the dashboard.
 *
 * @example
 * ```ts
 * describe({ type: "cron", expression: "0 9 * * 1-5", timezone: "America/New_York" });
 * // "at 09:00 on Monday–Friday in America/New_York"
 * describe({ type: "interval", seconds: 900 }); // "every 15 minutes"
 * ```
 */
export function describe(def: ScheduleType): string {
  const jitter = def.jitterSeconds ? `, up to ${duration(def.jitterSeconds)} later (jitter)` : "";
  switch (def.type) {
    case "cron":
      return describeCron(def) + jitter;
    case "interval":
      return `every ${duration(def.seconds)}${def.startAt ? ` from ${def.startAt.toISOString()}` : ""}${jitter}`;
    case "once":
      return `once at ${def.at.toISOString()}${jitter}`;
    case "immediate":
      return `once each time the server starts${jitter}`;
  }
}

function describeCron(def: CronSchedule): string {
  const compiled = compileCronCached(def.expression);
  const zone = `in ${def.timezone ?? "UTC"}`;
  if (!compiled.ok) return `cron "${def.expression}" ${zone}`;
  const [s = "0", m = "*", h = "*", dom = "*", month = "*", dow = "*"] = compiled.cron.raw;
  const parts = [describeTime(s, m, h)];
  const domAll = dom === "*" || dom === "?";
  const dowAll = dow === "*" || dow === "?";
  const days = describeMonthDays(dom) ?? `day-of-month ${dom}`;
  const weekdays = describeWeekdays(dow) ?? `day-of-week ${dow}`;
  if (!domAll && !dowAll) {
    parts.push(
      compiled.cron.dayOr ? `on ${days} or on ${weekdays}` : `on ${weekdays} that fall on ${days}`,
    );
  } else if (!domAll) parts.push(`on ${days}`);
  else if (!dowAll) parts.push(`on ${weekdays}`);
  if (month !== "*" && month !== "?") parts.push(`in ${describeMonths(month) ?? `month ${month}`}`);
  parts.push(zone);
  return parts.join(" ");
}

function describeTime(s: string, m: string, h: string): string {
  const secs = expand(s, 0, 59);
  const mins = expand(m, 0, 59);
  const hours = expand(h, 0, 23);
  const plain = (raw: string) => !raw.includes("*") && !raw.includes("/");
  if (
    secs &&
    mins &&
    hours &&
    plain(s) &&
    plain(m) &&
    plain(h) &&
    secs.length * mins.length * hours.length <= 6
  ) {
    const times: string[] = [];
    for (const hh of hours)
      for (const mm of mins)
        for (const ss of secs) times.push(`${pad(hh)}:${pad(mm)}${ss ? `:${pad(ss)}` : ""}`);
    return `at ${joinAnd(times)}`;
  }
  const step = (raw: string) => (raw === "*" ? 1 : /^\*\/(\d+)$/.exec(raw)?.[1]);
  const every = (n: string | number | undefined, unit: string) =>
    Number(n) === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
  if (h === "*" && m === "*" && step(s) !== undefined) return every(step(s), "second");
  if (h === "*" && s === "0" && step(m) !== undefined) return every(step(m), "minute");
  if (s === "0" && mins?.length === 1 && step(h) !== undefined)
    return `${every(step(h), "hour")} at minute ${pad(mins[0] ?? 0)}`;
  const minuteList = (values: number[]) =>
    `minute${values.length > 1 ? "s" : ""} ${joinAnd(compress(values, pad))}`;
  if (s === "0" && plain(m) && mins && h === "*") return `at ${minuteList(mins)} of every hour`;
  if (s === "0" && plain(m) && mins && plain(h) && hours) {
    return `at ${minuteList(mins)} of hour${hours.length > 1 ? "s" : ""} ${joinAnd(compress(hours, String))}`;
  }
  if (s === "0" && step(m) !== undefined && plain(h) && hours) {
    return `${every(step(m), "minute")} during hour${hours.length > 1 ? "s" : ""} ${joinAnd(compress(hours, String))}`;
  }
  return s === "0"
    ? `when minute is ${m} and hour is ${h}`
    : `when second is ${s}, minute is ${m} and hour is ${h}`;
}

function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${seconds} seconds`;
}
