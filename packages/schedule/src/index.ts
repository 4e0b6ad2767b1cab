export type {
  MisfirePolicy,
  ScheduleOptions,
  CronSchedule,
  IntervalSchedule,
  OnceSchedule,
  ImmediateSchedule,
  ScheduleType,
  ScheduleCheck,
  ScheduleSource,
  Schedule,
} from "./types.js";
export { parseSchedule } from "./schema/parse-schedule.js";
export { scheduleSchema } from "./schema/schedule-schema.js";
export { createSchedule, type CreateScheduleOptions } from "./schedule/create-schedule.js";
export type {
  CronScheduleInput,
  ImmediateScheduleInput,
  InstantInput,
  IntervalScheduleInput,
  MisfireInput,
  OnceScheduleInput,
  ScheduleInput,
  ScheduleOptionsInput,
  TypeSpelling,
} from "./schedule-input.js";
export { DEFAULT_MAX_CATCH_UP, DEFAULT_MISFIRE_POLICY } from "./schedule/misfire.js";
export { describeSchedule, describe } from "./describe/describe-names.js";
export { preview } from "./describe/preview.js";
export { isValidTimeZone } from "./zone/time-zone.js";
export { wallClock, type WallClock } from "./zone/wall-clock.js";
