import type { AttemptControl } from "./attempt-control.js";
import type { AttemptDeadlines } from "./attempt-deadlines.js";
import { toJsonSafe } from "../skills/json-safe.js";
import {
  ActorError,
  isRetryable,
  type ActorManager,
  type ExecutionContext,
  type ExecutionOutcome,
  type ExecutionResult,
} from "@actor/core";

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
 * `ActorError("aborted")` at shutdown. An actor that ignores its signal is abandoned to finish on
 * its own; the attempt settles at once.
 */
export function runAttempt(
  actors: ActorManager<string>,
  ctx: ExecutionContext,
  control: AttemptControl,
  timeoutMs: number,
  deadlines: AttemptDeadlines,
): Promise<AttemptOutcome> {
  const deadline = deadlines.watch(control, timeoutMs, ctx.taskId, ctx.actorName);
  let work: Promise<ExecutionResult>;
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
      return control.aborted ? abortedOutcome(control.reason) : resultOutcome(result);
    },
    (thrown: unknown): AttemptOutcome => {
      deadlines.unwatch(deadline);
      if (control.aborted) return abortedOutcome(control.reason);
      const error = ActorError.from(thrown, { taskId: ctx.taskId, actorName: ctx.actorName });
      return { status: "failed", result: null, error, retryable: isRetryable(error) };
    },
  );
}

function abortedOutcome(reason: unknown): AttemptOutcome {
  const error = ActorError.from(reason);
  if (error.code === "timeout")
    return { status: "timed-out", result: null, error, retryable: true };
  return { status: "interrupted", result: null, error, retryable: false };
}

function resultOutcome(result: ExecutionResult): AttemptOutcome {
  if (result.failed.length === 0)
    return { status: "succeeded", result, error: null, retryable: false };
  const error = result.failed[0]!.error;
  const retryable = result.failed.every((f) => isRetryable(f.error));
  return { status: "failed", result, error: ActorError.from(error), retryable };
}

/** The execution-log outcome of an attempt: status, error, skill counts and metadata. */
export function attemptRecord(outcome: AttemptOutcome, completedAt: Date): ExecutionOutcome {
  const { result, error } = outcome;
  const record: ExecutionOutcome = {
    status: outcome.status,
    completedAt,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  };
  if (!result) return record;
  record.skillsSucceeded = result.succeeded.length;
  record.skillsFailed = result.failed.length;
  record.skillsSkipped = result.skipped.length;
  const metadata: Record<string, unknown> = { ...result.metadata };
  if (result.succeeded.length > 0) {
    metadata["outputs"] = Object.fromEntries(
      result.succeeded.map((s) => [s.skill, toJsonSafe(s.output) ?? null]),
    );
  }
  if (result.failed.length > 0) {
    metadata["failures"] = result.failed.map((f) => ({
      skill: f.skill,
      code: f.error.code,
      message: f.error.message,
    }));
  }
  if (result.skipped.length > 0) {
    metadata["skips"] = result.skipped.map((s) => ({ skill: s.skill, reason: s.reason }));
  }
  record.metadata = metadata;
  return record;
}
