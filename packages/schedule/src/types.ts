/** What to do with slots that were missed (server down, task paused, process stalled). */
export type MisfirePolicy = "run-once" | "skip" | "run-all";

/** Options every schedule type accepts. */
export interface ScheduleOptions {
  /** Spread each slot by a random offset in [0, jitterSeconds]. The slot identity stays un-jittered. */
  jitterSeconds?: number;
  /** Default `run-once`. */
  misfire?: MisfirePolicy;
  /** With `run-all`: at most this many catch-up runs (the most recent missed slots). Default 10. */
  maxCatchUp?: number;
}

/** A cron expression (5 fields, or 6 with seconds first) evaluated in an IANA time zone (default UTC). */
export interface CronSchedule extends ScheduleOptions {
  type: "cron";
  expression: string;
  timezone?: string;
}

/** A fixed rate: slots are anchor + k * seconds, where the anchor is `startAt` or first registration. */
export interface IntervalSchedule extends ScheduleOptions {
  type: "interval";
  seconds: number;
  startAt?: Date;
}

/** Fires once at `at`; after it succeeds the task is completed. */
export interface OnceSchedule extends ScheduleOptions {
  type: "once";
  at: Date;
}

/** Fires once each time the server starts (or the task is added by a reload). */
export interface ImmediateSchedule extends ScheduleOptions {
  type: "immediate";
}

/** A validated schedule definition. */
export type ScheduleType = CronSchedule | IntervalSchedule | OnceSchedule | ImmediateSchedule;

/** Result of {@link Schedule.check}. */
export interface ScheduleCheck {
  shouldRun: boolean;
  nextRun: Date | null;
}

/** Where a schedule came from, so validation errors can name it. */
export interface ScheduleSource {
  actorName?: string;
  taskId?: string;
  file?: string;
  /** The TOML/JSON key path of the schedule, e.g. `actors[0].schedule`. */
  key?: string;
}

/**
 * A schedule ready to evaluate. Immutable and cheap to share; build it with `createSchedule`.
 */
export interface Schedule {
  readonly definition: ScheduleType;
  /** A stable fingerprint of the definition; a change means next_run must be recomputed. */
  readonly key: string;
  /**
   * The first slot strictly after `t`, or null when there is none (a past `once`, `immediate`).
   * For `interval`, slots are anchor + k·period; when `t` is before the anchor the anchor is returned.
   */
  nextAfter(t: Date): Date | null;
  /**
   * The first slot of a task seen for the first time at `now`: cron → nextAfter(now);
   * interval → the anchor if it is >= now, else the first slot >= now; once → `at` (even if past:
   * the misfire policy decides); immediate → now.
   */
  firstRun(now: Date): Date | null;
  /** Given the last run and now: whether a slot is due, and the next one. */
  check(lastRun: Date | null, now: Date): ScheduleCheck;
  /**
   * The slots to run for a task whose next slot `from` was missed, up to `now` inclusive, under the
   * policy (default: the schedule's own `misfire`): `skip` → none; `run-once` → the latest missed
   * slot; `run-all` → every missed slot, at most `maxCatchUp` (the most recent), oldest first.
   */
  dueSlots(from: Date, now: Date, policy?: MisfirePolicy): Date[];
  /**
   * The jittered fire time of `slot`: slot + floor(random() · (spread + 1)) ms, at most the spread
   * (`random` returns [0, 1), default Math.random; values above 1 count as 1, below 0 or NaN as 0).
   */
  jittered(slot: Date, random?: () => number): Date;
}
