// What a bot author needs from the contracts and schedule packages, re-exported so that one import
// from `@actor/runtime` is enough. The definitions live in `@actor/core` and `@actor/schedule`.
export {
  ActorError,
  isActorError,
  MemoryStatePersistence,
  emptyResult,
  systemClock,
  type Actor,
  type ActorErrorCode,
  type ActorStore,
  type Clock,
  type Content,
  type ContentPoster,
  type ExecutionContext,
  type ExecutionRecord,
  type ExecutionResult,
  type PostedMessage,
  type PostOptions,
  type Skill,
  type SkillContext,
  type SkillOutcome,
  type TaskStatus,
} from "@actor/core";
export {
  parseSchedule,
  preview,
  type CronSchedule,
  type ImmediateSchedule,
  type IntervalSchedule,
  type MisfirePolicy,
  type OnceSchedule,
  type ScheduleType,
} from "@actor/schedule";
