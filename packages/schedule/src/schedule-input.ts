import type { MisfirePolicy } from "./types.js";

/**
 * An instant as `createSchedule` accepts it: a `Date`, or an ISO 8601 date-time string with `Z`
 * or an offset (`"2026-03-08T09:00:00Z"`, `"2026-03-08 09:00+01:00"`). The string is checked at
 * run time: it must name a real date and time.
 */
export type InstantInput = Date | `${number}-${number}-${number}${string}`;

/** A schedule type in lower case or capitalised as the original server's TOML writes it. */
export type TypeSpelling<T extends string> = T | Capitalize<T>;

/** A misfire policy in any accepted spelling (`run-once`, `run_once`, ...). */
export type MisfireInput = MisfirePolicy | "run_once" | "run_all";

/**
 * One optional setting under its canonical key `C` or one of the alternative spellings `A`, but
 * under one at most: giving two is a type error here as it is an error at run time.
 */
type OneOf<C extends string, A extends string, V> =
  | ({ [Q in C]?: V } & { [Q in A]?: never })
  | { [P in A]: { [Q in P]: V } & { [Q in Exclude<A | C, P>]?: never } }[A];

/** The options every schedule type accepts, in any accepted spelling. */
export type ScheduleOptionsInput = OneOf<"jitterSeconds", "jitter_seconds", number> &
  OneOf<"maxCatchUp", "max_catch_up", number> & { misfire?: MisfireInput };

/** A cron schedule in any accepted spelling (`type: "Cron"`, `time_zone`, `timeZone`). */
export type CronScheduleInput = { type: TypeSpelling<"cron">; expression: string } & OneOf<
  "timezone",
  "time_zone" | "timeZone",
  string
> &
  ScheduleOptionsInput;

/** An interval schedule in any accepted spelling (`type: "Interval"`, `start_at`, ISO strings). */
export type IntervalScheduleInput = { type: TypeSpelling<"interval">; seconds: number } & OneOf<
  "startAt",
  "start_at",
  InstantInput
> &
  ScheduleOptionsInput;

/** A one-off schedule; `at` is a `Date` or an ISO 8601 string. */
export type OnceScheduleInput = {
  type: TypeSpelling<"once">;
  at: InstantInput;
} & ScheduleOptionsInput;

/** Fires once each time the server starts. */
export type ImmediateScheduleInput = { type: TypeSpelling<"immediate"> } & ScheduleOptionsInput;

/**
 * A schedule definition as typed entry points accept it (`createSchedule`, the server builder's
 * `.actor()`, the short form's `.schedule()`): the canonical {@link ScheduleType} or any of the
 * documented alternative spellings. Misspelled keys, unknown types and bare strings do not
 * typecheck; input of unknown shape (a parsed config file) goes through `parseSchedule(unknown)`.
 *
 * @example
 * ```ts
 * const def: ScheduleInput = { type: "Cron", expression: "0 9 * * 1-5", time_zone: "Europe/Rome" };
 * ```
 */
export type ScheduleInput =
  CronScheduleInput | IntervalScheduleInput | OnceScheduleInput | ImmediateScheduleInput;
