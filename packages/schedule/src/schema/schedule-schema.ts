import { z } from "zod";
import { compileCronCached } from "../cron/cron-cache.js";
import type { ScheduleType } from "../types.js";
import { frozenDate } from "../time/frozen-date.js";
import { canonicalZoneName, isValidTimeZone, zoneNames } from "../zone/time-zone.js";
import { didYouMean } from "./did-you-mean.js";
import { instantSchema } from "./instant-schema.js";
import { quote } from "./quote.js";
import { MISFIRE_POLICIES, normaliseSpelling, type SpellingIssue } from "./spellings.js";

/** The shortest interval: one millisecond (slots are computed in whole milliseconds). */
export const MIN_INTERVAL_SECONDS = 0.001;

const options = {
  jitterSeconds: z
    .number()
    .min(0)
    .max(86_400 * 365)
    .optional(),
  misfire: z.enum(MISFIRE_POLICIES).optional(),
  maxCatchUp: z.number().int().min(1).max(100_000).optional(),
};

const cron = z.strictObject({
  type: z.literal("cron"),
  expression: z.string(),
  timezone: z.string().optional(),
  ...options,
});
const interval = z.strictObject({
  type: z.literal("interval"),
  seconds: z
    .number()
    .min(MIN_INTERVAL_SECONDS)
    .max(86_400 * 366 * 100),
  startAt: instantSchema("startAt").optional(),
  ...options,
});
const once = z.strictObject({ type: z.literal("once"), at: instantSchema("at"), ...options });
const immediate = z.strictObject({ type: z.literal("immediate"), ...options });

/** The object schema of each schedule type, in the canonical spelling, keyed by type. */
export const SCHEDULE_OBJECTS = { cron, interval, once, immediate } as const;

type Parsed =
  | z.output<typeof cron>
  | z.output<typeof interval>
  | z.output<typeof once>
  | z.output<typeof immediate>;

/**
 * The zod schema of a schedule definition, for embedding in a larger config schema. It accepts
 * every documented spelling (`type = "Cron"`, `time_zone`, `jitter_seconds`, `max_catch_up`,
 * `start_at`, ISO strings or `Date`s), validates the cron expression (with cron-parser) and the
 * time zone, and outputs the canonical {@link ScheduleType}.
 *
 * @example
 * ```ts
 * const config = z.object({ actors: z.array(z.object({ name: z.string(), schedule: scheduleSchema })) });
 * ```
 */
export const scheduleSchema: z.ZodType<ScheduleType, unknown> = z
  .preprocess(
    (input, ctx) => {
      const issues: SpellingIssue[] = [];
      const out = normaliseSpelling(input, issues);
      for (const issue of issues)
        ctx.addIssue({ code: "custom", path: [issue.key], message: issue.message, input });
      return out;
    },
    z.discriminatedUnion("type", [cron, interval, once, immediate]),
  )
  .superRefine((value, ctx) => {
    if (value.type !== "cron") return;
    const compiled = compileCronCached(value.expression);
    if (!compiled.ok) {
      ctx.addIssue({
        code: "custom",
        path: ["expression"],
        input: value.expression,
        message: `cron expression ${quote(value.expression)}: ${compiled.reason}`,
      });
    }
    if (value.timezone !== undefined && !isValidTimeZone(value.timezone)) {
      ctx.addIssue({
        code: "custom",
        path: ["timezone"],
        input: value.timezone,
        message: zoneMessage(value.timezone),
      });
    }
  })
  .transform(canonical);

function zoneMessage(zone: string): string {
  const near = zone.trim() === "" ? undefined : didYouMean(zone.trim(), zoneNames());
  const hint =
    near === undefined
      ? `use a name such as "Europe/Rome", "America/New_York" or "UTC"`
      : `did you mean ${quote(near)}?`;
  const etc = /^Etc\/GMT(?:\+1[3-9]|-1[5-9]|[+-][2-9]\d)$/i.test(zone)
    ? `; note that "Etc/GMT+N" means N hours west of UTC and runs from Etc/GMT-14 to Etc/GMT+12`
    : "";
  return `timezone ${quote(zone)} is not an IANA time zone (${hint})${etc}`;
}

/**
 * Rebuilds the parsed value without `undefined` members, in a fixed key order, with its own
 * read-only copies of dates (a caller's `Date` mutated later cannot change the definition) and
 * the usual spelling of the time zone.
 */
function canonical(value: Parsed): ScheduleType {
  const opts = {
    ...(value.jitterSeconds !== undefined && { jitterSeconds: value.jitterSeconds }),
    ...(value.misfire !== undefined && { misfire: value.misfire }),
    ...(value.maxCatchUp !== undefined && { maxCatchUp: value.maxCatchUp }),
  };
  switch (value.type) {
    case "cron":
      return {
        type: "cron",
        expression: value.expression.trim(),
        ...(value.timezone !== undefined && { timezone: canonicalZoneName(value.timezone) }),
        ...opts,
      };
    case "interval":
      return {
        type: "interval",
        seconds: value.seconds,
        ...(value.startAt !== undefined && { startAt: frozenDate(value.startAt.getTime()) }),
        ...opts,
      };
    case "once":
      return { type: "once", at: frozenDate(value.at.getTime()), ...opts };
    case "immediate":
      return { type: "immediate", ...opts };
  }
}
