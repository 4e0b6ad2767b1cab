import type { Clock } from "./clock.js";
import type { ActorError } from "./errors.js";
import type { ActorStore } from "./persistence.js";
import type { ContentPoster } from "./poster.js";
import type { RunLogger } from "./run-logger.js";

/** Why a run happens. */
export type RunTrigger = "schedule" | "catch-up" | "manual" | "startup" | "retry";

/**
 * Everything a run knows about itself. The runtime builds one per attempt.
 */
export interface ExecutionContext {
  /** The task being run (one actor may back several tasks). */
  readonly taskId: string;
  readonly actorName: string;
  /** The slot being run: the un-jittered scheduled instant (UTC). */
  readonly scheduledFor: Date;
  /** `taskId@scheduledFor` (ISO). Identical across retries and restarts of the same slot. */
  readonly idempotencyKey: string;
  /** 1 for the first attempt of a slot, 2 for the first retry, ... */
  readonly attempt: number;
  readonly trigger: RunTrigger;
  /** Aborted on timeout or shutdown; pass it to every I/O call. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** Identifies the process running this attempt. */
  readonly instanceId: string;
  /**
   * Services and options the server composes in (poster, post history, task options...), untyped.
   * Prefer the typed accessors below for what the engine provides; extra services given with
   * `.services()` or a task's `options.services` are only here.
   */
  readonly services: Readonly<Record<string, unknown>>;
  /**
   * The server's poster (`.poster()`), or `undefined` when none is configured. The same object
   * as `services.poster`, typed: a custom actor calls `ctx.poster.post(...)` without a cast.
   */
  readonly poster?: ContentPoster | undefined;
  /** The task's default destination (`options.destination`), or `undefined` when it has none. */
  readonly destination?: string | undefined;
  /** The server's store (state, run history, post history); `undefined` outside the engine. */
  readonly store?: ActorStore | undefined;
  /**
   * The server's logger (the `logger` option: warnings and errors on stderr unless set; silent with
   * `logger: null`); `undefined` outside the engine.
   */
  readonly logger?: RunLogger | undefined;
}

/** A skill that ran and what it produced. */
export interface SkillSuccess {
  skill: string;
  output: unknown;
}

/** A skill that failed. */
export interface SkillFailure {
  skill: string;
  error: ActorError;
}

/** A skill that did not run, and why. */
export interface SkillSkip {
  skill: string;
  reason: string;
}

/**
 * What a run produced. A run with any failed skill counts as a failure (retries, circuit breaker).
 *
 * @example
 * ```ts
 * const result: ExecutionResult = { succeeded: [{ skill: "post", output: { id: "123" } }], failed: [], skipped: [] };
 * ```
 */
export interface ExecutionResult {
  succeeded: SkillSuccess[];
  failed: SkillFailure[];
  skipped: SkillSkip[];
  /** Extra data kept in the execution record (e.g. posted message ids). */
  metadata?: Record<string, unknown>;
}

/**
 * A named unit of work. Anything with a `name` and an `execute` is an actor; most are built from
 * skills with the runtime's `SkillActor`.
 *
 * @example
 * ```ts
 * const hello: Actor = {
 *   name: "hello",
 *   async execute(ctx) {
 *     console.log("running slot", ctx.idempotencyKey);
 *     return { succeeded: [{ skill: "hello", output: null }], failed: [], skipped: [] };
 *   },
 * };
 * ```
 */
export interface Actor<Ctx extends ExecutionContext = ExecutionContext> {
  readonly name: string;
  execute(ctx: Ctx): Promise<ExecutionResult>;
}

/** The context a skill sees: the run's context plus the outputs of the skills before it. */
export interface SkillContext extends ExecutionContext {
  /** Outputs of the skills that already succeeded in this run, by skill name, in order. */
  readonly outputs: ReadonlyMap<string, unknown>;
}

/** What a skill returns: an output for the next skills, or a skip (optionally halting the rest). */
export type SkillOutcome<Output = unknown> =
  | { status: "succeeded"; output: Output }
  | {
      status: "skipped";
      reason: string;
      /** Skip the remaining skills too. Default true. */ halt?: boolean;
    };

/**
 * One step of a skill pipeline. Throw an `ActorError` to fail (its `retryable` flag decides
 * whether the run is retried).
 *
 * @example
 * ```ts
 * // `select-content` outputs `{ id, content }`; its text is `content.text`.
 * const shout: Skill<string> = {
 *   name: "shout",
 *   async run(ctx) {
 *     const selected = ctx.outputs.get("select-content") as { content: { text?: string } } | undefined;
 *     const text = selected?.content.text;
 *     if (text === undefined) return { status: "skipped", reason: "nothing selected" };
 *     return { status: "succeeded", output: text.toUpperCase() };
 *   },
 * };
 * ```
 */
export interface Skill<Output = unknown, Ctx extends SkillContext = SkillContext> {
  readonly name: string;
  run(ctx: Ctx): Promise<SkillOutcome<Output>>;
}

/** An empty result, for actors that build theirs up. */
export function emptyResult(): ExecutionResult {
  return { succeeded: [], failed: [], skipped: [] };
}

/** True when the run produced no failed skill. */
export function isSuccessfulResult(result: ExecutionResult): boolean {
  return result.failed.length === 0;
}

/** The idempotency key of a slot: `taskId@2026-01-01T09:00:00.000Z`. */
export function idempotencyKeyFor(taskId: string, scheduledFor: Date): string {
  return `${taskId}@${scheduledFor.toISOString()}`;
}
