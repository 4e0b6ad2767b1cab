import {
  ActorError,
  isRetryable,
  type ActorManager,
  type ExecutionContext,
  type ExecutionOutcome,
  type ExecutionResult,
  type SkillFailure,
} from "@actor/core";
import { toJsonSafe } from "../skills/json-safe.js";
import type { AttemptControl } from "./attempt-control.js";
import type { AttemptDeadlines } from "./attempt-deadlines.js";

/** How one attempt ended. */
export interface AttemptOutcome {
  status: "succeeded" | "failed" | "timed-out" | "interrupted";
  result: ExecutionResult | null;
  /** The error of a failed/timed-out/interrupted attempt (the first failed skill's, for a result). */
  error: ActorError | null;
  /** Whether a retry may help: a retryable error, or a result whose failed skills are all retryable. */
  retryable: boolean;
}

/**
 * Runs one attempt of the actor registered as `ctx.actorName` under `control`: its deadline
 * (`timeoutMs` from now) aborts it with `ActorError("timeout")`; the engine aborts it with
 * `ActorError("aborted")` at shutdown. The outcome settles at the abort even when the actor ignores
 * its signal (`control.settled` then stays false until the actor's promise settles). Never rejects:
 * a throw, a rejection and a result of the wrong shape are failed outcomes.
 */
export function runAttempt(
  actors: ActorManager<string>,
  ctx: ExecutionContext,
  control: AttemptControl,
  timeoutMs: number,
  deadlines: AttemptDeadlines,
): Promise<AttemptOutcome> {
  const deadline = deadlines.watch(control, timeoutMs, ctx.taskId, ctx.actorName);
  let work: Promise<unknown>;
  try {
    // The registry's executeActor is "look up, then execute"; calling the actor directly saves an
    // async hop per run. An unknown actor still goes through executeActor for its not-found error.
    const actor = actors.getActor(ctx.actorName);
    work = actor ? Promise.resolve(actor.execute(ctx)) : actors.executeActor(ctx.actorName, ctx);
  } catch (thrown) {
    work = Promise.reject(thrown);
  }
  return control.race(work).then(
    (result): AttemptOutcome => {
      deadlines.unwatch(deadline);
      return control.aborted ? abortedOutcome(control.reason) : resultOutcome(result, ctx);
    },
    (thrown: unknown): AttemptOutcome => {
      deadlines.unwatch(deadline);
      if (control.aborted) return abortedOutcome(control.reason);
      return failedOutcome(
        ActorError.from(thrown, { taskId: ctx.taskId, actorName: ctx.actorName }),
      );
    },
  );
}

/** A failed outcome for `error` (retried when the error is retryable). */
export function failedOutcome(error: ActorError): AttemptOutcome {
  return { status: "failed", result: null, error, retryable: error.retryable };
}

function abortedOutcome(reason: unknown): AttemptOutcome {
  const error = ActorError.from(reason);
  if (error.code === "timeout")
    return { status: "timed-out", result: null, error, retryable: true };
  return { status: "interrupted", result: null, error, retryable: false };
}

const EMPTY_RESULT: ExecutionResult = Object.freeze({
  succeeded: Object.freeze([]) as unknown as ExecutionResult["succeeded"],
  failed: Object.freeze([]) as unknown as ExecutionResult["failed"],
  skipped: Object.freeze([]) as unknown as ExecutionResult["skipped"],
});

/**
 * The outcome of what `execute()` resolved with: nothing (`undefined`/`null`) is a success, like
 * the plain function it is; an {@link ExecutionResult} succeeds when no skill failed; anything else
 * is a failed attempt (`validation`, not retried) saying what `execute()` must return.
 */
function resultOutcome(value: unknown, ctx: ExecutionContext): AttemptOutcome {
  if (value === undefined || value === null)
    return { status: "succeeded", result: EMPTY_RESULT, error: null, retryable: false };
  if (!isExecutionResult(value)) {
    return failedOutcome(
      new ActorError(
        "validation",
        `actor "${ctx.actorName}" resolved with ${describeValue(value)}; execute() must resolve ` +
          `with nothing (a success) or an ExecutionResult { succeeded: [], failed: [], skipped: [] }`,
        { context: { taskId: ctx.taskId, actorName: ctx.actorName } },
      ),
    );
  }
  const result = value;
  if (result.failed.length === 0)
    return { status: "succeeded", result, error: null, retryable: false };
  const errors = result.failed.map((f) => failureError(f, ctx));
  return {
    status: "failed",
    result,
    error: errors[0]!,
    retryable: errors.every((e) => isRetryable(e)),
  };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  if (typeof value !== "object") return false;
  const r = value as Partial<ExecutionResult>;
  return Array.isArray(r.succeeded) && Array.isArray(r.failed) && Array.isArray(r.skipped);
}

function failureError(failure: SkillFailure | null | undefined, ctx: ExecutionContext): ActorError {
  const context = { taskId: ctx.taskId, actorName: ctx.actorName };
  if (!failure || typeof failure !== "object")
    return new ActorError("validation", "a failed skill entry is not an object", { context });
  return ActorError.from(failure.error ?? `skill ${String(failure.skill)} failed`, {
    ...context,
    skill: String(failure.skill),
  });
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value} (${String(value).slice(0, 40)})`;
  const keys = Object.keys(value as object);
  return keys.length === 0
    ? "an empty object"
    : `an object with keys ${keys.slice(0, 5).join(", ")}`;
}

/**
 * The execution-log outcome of an attempt: status, error, skill counts and metadata, all in a
 * JSON-safe form (a cycle or a Map in an actor's metadata cannot make the store reject it).
 */
export function attemptRecord(outcome: AttemptOutcome, completedAt: Date): ExecutionOutcome {
  const { result, error } = outcome;
  const record: ExecutionOutcome = {
    status: outcome.status,
    completedAt,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  };
  if (!result || result === EMPTY_RESULT) return record;
  record.skillsSucceeded = result.succeeded.length;
  record.skillsFailed = result.failed.length;
  record.skillsSkipped = result.skipped.length;
  const safe = result.metadata === undefined ? undefined : toJsonSafe(result.metadata);
  const metadata: Record<string, unknown> =
    safe !== null && typeof safe === "object" && !Array.isArray(safe)
      ? (safe as Record<string, unknown>)
      : {};
  if (result.succeeded.length > 0) {
    metadata["outputs"] = Object.fromEntries(
      result.succeeded.map((s) => [String(s?.skill), toJsonSafe(s?.output) ?? null]),
    );
  }
  if (result.failed.length > 0) {
    metadata["failures"] = result.failed.map((f) => {
      const e = ActorError.from(f?.error);
      return { skill: String(f?.skill), code: e.code, message: e.message };
    });
  }
  if (result.skipped.length > 0) {
    metadata["skips"] = result.skipped.map((s) => ({
      skill: String(s?.skill),
      reason: String(s?.reason),
    }));
  }
  record.metadata = metadata;
  return record;
}

/** The bare outcome (status and error only) stored when the full one cannot be. */
export function bareRecord(outcome: AttemptOutcome, completedAt: Date): ExecutionOutcome {
  return {
    status: outcome.status,
    completedAt,
    errorCode: outcome.error?.code ?? null,
    errorMessage: outcome.error?.message ?? null,
  };
}
