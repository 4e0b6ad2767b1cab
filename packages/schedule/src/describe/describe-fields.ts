const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const ORDINALS = ["", "first", "second", "third", "fourth", "fifth"];

/** "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

/** Sorted numbers with runs of three or more written as ranges: [1,2,3,4,5] → ["1–5"]. */
export function compress(values: readonly number[], name: (v: number) => string): string[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const first = sorted[i] ?? 0;
    const last = sorted[j] ?? 0;
    if (j - i >= 2) out.push(`${name(first)}–${name(last)}`);
    else for (let k = i; k <= j; k++) out.push(name(sorted[k] ?? 0));
    i = j + 1;
  }
  return out;
}

/** Expanded values of one raw field (numbers, names, lists, ranges, steps) within [min, max]. */
export function expand(
  raw: string,
  min: number,
  max: number,
  names: readonly string[] = [],
): number[] | null {
  const values: number[] = [];
  const num = (s: string) => {
    const index = names.findIndex((n) => n.slice(0, 3).toLowerCase() === s.toLowerCase());
    return index >= 0 ? index + (min === 1 ? 1 : 0) : /^\d+$/.test(s) ? Number(s) : Number.NaN;
  };
  for (const part of raw.split(",")) {
    const m = /^(\*|\?|[^-/]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (m === null) return null;
    const [, a = "", b, stepText] = m;
    const star = a === "*" || a === "?";
    const start = star ? min : num(a);
    const end = star ? max : b !== undefined ? num(b) : stepText !== undefined ? max : start;
    const step = stepText !== undefined ? Number(stepText) : 1;
    if (!Number.isFinite(start) || !Number.isFinite(end) || step < 1) return null;
    for (let v = start; v <= end; v += step) values.push(v === 7 && max === 7 ? 0 : v);
  }
  return values;
}

/** "on Monday–Friday", "on the second Monday of the month", "" for every day. */
export function describeWeekdays(raw: string): string | null {
  const nth = /^([0-7])#([1-5])$/.exec(raw);
  if (nth) return `the ${ORDINALS[Number(nth[2])]} ${WEEKDAYS[Number(nth[1]) % 7]} of the month`;
  const last = /^([0-7])L$/i.exec(raw);
  if (last) return `the last ${WEEKDAYS[Number(last[1]) % 7]} of the month`;
  const values = expand(raw, 0, 7, WEEKDAYS);
  return values === null ? null : joinAnd(compress(values, (v) => WEEKDAYS[v % 7] ?? String(v)));
}

/** "day 1 and 15 of the month", "the last day of the month". */
export function describeMonthDays(raw: string): string | null {
  if (raw.toUpperCase() === "L") return "the last day of the month";
  const values = expand(raw, 1, 31);
  if (values === null) return null;
  const days = compress(values, String);
  const shown =
    days.length > 6 ? `${days.slice(0, 3).join(", ")}, …, ${days.at(-1) ?? ""}` : joinAnd(days);
  return `day${values.length > 1 ? "s" : ""} ${shown} of the month`;
}

/** "January–March", "July". */
export function describeMonths(raw: string): string | null {
  const values = expand(raw, 1, 12, MONTHS);
  return values === null ? null : joinAnd(compress(values, (v) => MONTHS[v - 1] ?? String(v)));
}

/** Two-digit zero padding. */
export function pad(n: number): string {
  return String(n).padStart(2, "0");
}
