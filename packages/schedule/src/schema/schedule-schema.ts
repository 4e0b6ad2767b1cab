import { z } from "zod";
import { compileCronCached } from "../cron/cron-cache.js";
import type { ScheduleType } from "../types.js";
import { isValidTimeZone } from "../zone/time-zone.js";
import { MISFIRE_POLICIES, normaliseSpelling, type SpellingIssue } from "./spellings.js";

const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An instant: a `Date` (TOML date-times arrive as one) or an ISO 8601 string with `Z` or an offset. */
const instant = z.union([z.date(), z.string()]).transform((value, ctx) => {
  if (value instanceof Date) return value;
  const text = value.trim();
  if (!ISO_INSTANT.test(text)) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `"${value}" is not an ISO 8601 date-time with a UTC offset (write e.g. "2026-03-08T09:00:00Z" or "2026-03-08T09:00:00+01:00")`,
    });
    return z.NEVER;
  }
  const date = new Date(text.replace(" ", "T"));
  if (Number.isNaN(date.getTime())) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `"${value}" is not a real date-time`,
    });
    return z.NEVER;
  }
  return date;
});

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
    .positive()
    .max(86_400 * 366 * 100),
  startAt: instant.optional(),
  ...options,
});
const once = z.strictObject({ type: z.literal("once"), at: instant, ...options });
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
        message: `cron expression "${value.expression}": ${compiled.reason}`,
      });
    }
    if (value.timezone !== undefined && !isValidTimeZone(value.timezone)) {
      ctx.addIssue({
        code: "custom",
        path: ["timezone"],
        input: value.timezone,
        message: `timezone "${value.timezone}" is not an IANA time zone (use a name such as "Europe/Rome", "America/New_York" or "UTC")`,
      });
    }
  })
  .transform(canonical);

/** Rebuilds the parsed value without `undefined` members, in a fixed key order. */
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
        ...(value.timezone !== undefined && { timezone: value.timezone }),
        ...opts,
      };
    case "interval":
      return {
        type: "interval",
        seconds: value.seconds,
        ...(value.startAt !== undefined && { startAt: value.startAt }),
        ...opts,
      };
    case "once":
      return { type: "once", at: value.at, ...opts };
    case "immediate":
      return { type: "immediate", ...opts };
  }
}
