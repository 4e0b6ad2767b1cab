import {
  ActorError,
  isActorError,
  type Skill,
  type SkillContext,
  type SkillOutcome,
} from "@actor/core";

/**
 * Runs one skill and checks what it returns. Settles as soon as `ctx.signal` aborts, even if the
 * skill ignores the signal: an abort rejects with the signal's reason when that is an `ActorError`
 * (e.g. the runtime's `timeout`), else with `ActorError("aborted")`. A skill is not started once
 * the signal is aborted.
 */
export function runSkill(skill: Skill, ctx: SkillContext): Promise<SkillOutcome> {
  const signal = ctx.signal;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<SkillOutcome>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(() => skill.run(ctx))
      .then(checkOutcome)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function checkOutcome(outcome: SkillOutcome): SkillOutcome {
  const status = (outcome as { status?: unknown } | null | undefined)?.status;
  if (status === "succeeded") return outcome;
  if (status === "skipped" && typeof (outcome as { reason?: unknown }).reason === "string")
    return outcome;
  throw new ActorError(
    "internal",
    `skill returned ${describe(outcome)}; expected { status: "succeeded", output } or { status: "skipped", reason }`,
  );
}

function abortError(signal: AbortSignal): ActorError {
  const reason: unknown = signal.reason;
  if (isActorError(reason)) return ActorError.from(reason);
  const detail =
    reason instanceof Error ? reason.message : reason === undefined ? "" : String(reason);
  return new ActorError(
    "aborted",
    detail === "" ? "the run was aborted" : `the run was aborted: ${detail}`,
    { cause: reason },
  );
}

/**
 * What a skill threw, as an `ActorError` (via `ActorError.from`) carrying the skill, task and actor
 * in its context. Context the error already has wins.
 */
export function skillError(thrown: unknown, context: Record<string, string>): ActorError {
  const error = ActorError.from(thrown, context);
  const missing = Object.entries(context).filter(([key]) => error.context[key] === undefined);
  if (missing.length === 0) return error;
  const copy = new ActorError(error.code, error.message, {
    cause: error.cause,
    context: { ...Object.fromEntries(missing), ...error.context },
    retryable: error.retryable,
  });
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
