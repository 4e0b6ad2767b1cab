// Next-run throughput and schedule build time of @actor/schedule, beside cron-parser's own figures.
// Run: node --expose-gc --import tsx src/schedule.bench.ts (from bench/, after building the package).
import { createRequire } from "node:module";
import { createSchedule } from "@actor/schedule";
import { CronExpressionParser } from "cron-parser";

const require = createRequire(import.meta.url);
const cronParserVersion = (require("cron-parser/package.json") as { version: string }).version;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const START = new Date("2026-01-01T00:00:00Z");
const RUN_MS = 1500;

/** Calls `step` repeatedly for about RUN_MS after a warm-up and returns calls per second. */
function rate(step: () => void): number {
  for (let i = 0; i < 20_000; i++) step();
  gc();
  let n = 0;
  const begin = performance.now();
  let now = begin;
  while (now - begin < RUN_MS) {
    for (let i = 0; i < 1000; i++) step();
    n += 1000;
    now = performance.now();
  }
  return n / ((now - begin) / 1000);
}

function oursNextRate(expression: string, timezone: string): number {
  const schedule = createSchedule({ type: "cron", expression, timezone });
  let t = START;
  let count = 0;
  return rate(() => {
    t = schedule.nextAfter(t) ?? START;
    if (++count % 100_000 === 0) t = START;
  });
}

function cronParserNextRate(expression: string, tz: string): number {
  const fresh = () => CronExpressionParser.parse(expression, { tz, currentDate: START });
  let it = fresh();
  let count = 0;
  return rate(() => {
    try {
      it.next();
    } catch {
      it = fresh(); // cron-parser throws at some DST changes ("loop limit exceeded"); restart the walk
    }
    if (++count % 100_000 === 0) it = fresh();
  });
}

function buildTime(): { ours: number; cronParser: number } {
  const zones = ["UTC", "America/New_York", "Europe/Rome", "Asia/Kolkata"];
  const expressions = Array.from(
    { length: 1000 },
    (_, i) => `${i % 60} ${Math.floor(i / 60) % 24} * * ${i % 7}`,
  );
  const inputs = Array.from({ length: 100_000 }, (_, i) => ({
    type: "cron" as const,
    expression: expressions[i % 1000]!,
    timezone: zones[i % zones.length]!,
  }));
  gc();
  let begin = performance.now();
  for (const input of inputs) createSchedule(input);
  const ours = performance.now() - begin;
  // cron-parser has no cache and needs ~0.2 ms per parse: time 10,000 parses and scale by 10.
  gc();
  begin = performance.now();
  for (const input of inputs.slice(0, 10_000)) {
    CronExpressionParser.parse(input.expression as string, { tz: input.timezone as string });
  }
  const cronParser = (performance.now() - begin) * 10;
  return { ours, cronParser };
}

/** Milliseconds of one `run-all` catch-up of 100,000 slots (median of 3 calls). */
function catchUpTime(expression: string, from: string, now: string): number {
  const schedule = createSchedule({
    type: "cron",
    expression,
    misfire: "run-all",
    maxCatchUp: 100_000,
  });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    const begin = performance.now();
    const slots = schedule.dueSlots(new Date(from), new Date(now));
    times.push(performance.now() - begin);
    if (slots.length !== 100_000) throw new Error(`expected 100,000 slots, got ${slots.length}`);
  }
  return times.sort((a, b) => a - b)[1] ?? 0;
}

const fmt = (n: number) => `${Math.round(n / 1000).toLocaleString("en-US")}k/s`;
const build = buildTime(); // first, so the parse cache and zone tables start cold
const rows: string[][] = [];
for (const [expression, zone] of [
  ["*/15 * * * *", "UTC"],
  ["0 9 * * 1-5", "UTC"],
  ["*/15 * * * *", "America/New_York"],
  ["30 2 * * *", "America/New_York"],
  ["*/15 * * * *", "Australia/Lord_Howe"],
] as const) {
  rows.push([
    `next run, \`${expression}\` in ${zone}`,
    fmt(oursNextRate(expression, zone)),
    fmt(cronParserNextRate(expression, zone)),
    "≥ 100k/s",
  ]);
}
rows.push([
  "build 100,000 schedules from 1,000 expressions (4 zones)",
  `${Math.round(build.ours)} ms`,
  `${Math.round(build.cronParser)} ms (parse only, 10,000 × 10)`,
  "< 2000 ms",
]);

for (const [label, expression, from, now] of [
  [
    "`run-all` catch-up, `maxCatchUp` 100,000: weekday seconds missed for a year",
    "* * * * * 1-5",
    "2025-03-09T12:00:00Z",
    "2026-03-09T12:00:00Z",
  ],
  [
    "`run-all` catch-up, `maxCatchUp` 100,000: January-only seconds missed for 10 years",
    "* * * * 1 *",
    "2016-02-15T00:00:00Z",
    "2026-02-15T00:00:00Z",
  ],
] as const) {
  rows.push([
    label,
    `${Math.round(catchUpTime(expression, from, now))} ms`,
    "—",
    "linear in slots",
  ]);
}

console.log(`| measurement | @actor/schedule | cron-parser ${cronParserVersion} | goal |`);
console.log("|---|---:|---:|---|");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
