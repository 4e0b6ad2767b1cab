import {
  ActorError,
  type Actor,
  type ExecutionContext,
  type ExecutionResult,
  type Skill,
  type SkillContext,
} from "@actor/core";
import { toJsonSafe } from "./json-safe.js";
import { postedMessageIds } from "./pipeline-data.js";
import { runSkill, skillError } from "./run-skill.js";
import { SkillOutputs } from "./skill-id.js";

/** Failure policy of a {@link SkillActor}. */
export interface SkillPolicy {
  /** After a permanent (non-retryable) error, skip the remaining skills. Default true. */
  stopOnPermanent?: boolean;
  /** After any failure, still run the remaining skills (subject to `stopOnPermanent`). Default false. */
  continueOnError?: boolean;
}

/** Options of {@link SkillActor}. */
export interface SkillActorOptions extends SkillPolicy {
  /** The actor's name. */
  name: string;
  /** The skills, in the order they run. Names must be unique within the actor. */
  skills: readonly Skill[];
}

/** The defaults of {@link SkillPolicy}. */
export const DEFAULT_SKILL_POLICY = {
  stopOnPermanent: true,
  continueOnError: false,
} as const satisfies Required<SkillPolicy>;

/**
 * An actor that runs skills in order. Each skill sees the outputs of the skills that succeeded
 * before it in `ctx.outputs` (a fresh map per run). The result lists every skill as succeeded,
 * failed or skipped; `metadata.outputs` holds the JSON-safe outputs by skill name and
 * `metadata.posted` the message ids posted in this run.
 *
 * A skill that returns `skipped` with `halt` (default true) skips the rest ("halted by <skill>").
 * A failure skips the rest unless `continueOnError`; a permanent failure skips the rest unless
 * `stopOnPermanent` is false. When `ctx.signal` aborts, the running skill is recorded as failed
 * with the abort reason (an `ActorError`, or `ActorError("aborted")`) and the rest as skipped.
 *
 * @example
 * ```ts
 * const actor = new SkillActor({
 *   name: "daily-quote",
 *   skills: [
 *     timeWindowSkill({ start: "08:00", end: "22:00", timezone: "Europe/Paris" }),
 *     selectContentSkill({ source: { file: "./quotes.txt" }, order: "sequential" }),
 *     formatSkill({ template: "{{text}}", platform: "discord" }),
 *     postSkill(),
 *   ],
 * });
 * ```
 */
export class SkillActor implements Actor {
  readonly name: string;
  readonly skills: readonly Skill[];
  readonly policy: Required<SkillPolicy>;

  constructor(options: SkillActorOptions) {
    const seen = new Set<string>();
    for (const [index, skill] of options.skills.entries()) {
      if (typeof skill?.name !== "string" || skill.name === "" || typeof skill.run !== "function") {
        throw new ActorError(
          "invalid-config",
          `actor "${options.name}": skills[${index}] is not a skill (needs a name and a run function)`,
          {
            context: { actorName: options.name, key: `skills[${index}]` },
          },
        );
      }
      if (seen.has(skill.name)) {
        throw new ActorError(
          "invalid-config",
          `actor "${options.name}": two skills are named "${skill.name}"; skill names must be unique`,
          {
            context: { actorName: options.name, skill: skill.name },
          },
        );
      }
      seen.add(skill.name);
    }
    this.name = options.name;
    this.skills = [...options.skills];
    this.policy = {
      stopOnPermanent: options.stopOnPermanent ?? DEFAULT_SKILL_POLICY.stopOnPermanent,
      continueOnError: options.continueOnError ?? DEFAULT_SKILL_POLICY.continueOnError,
    };
  }

  async execute(ctx: ExecutionContext): Promise<ExecutionResult> {
    const outputs = new SkillOutputs();
    const result: ExecutionResult = { succeeded: [], failed: [], skipped: [] };
    let stopReason: string | null = null;

    for (const skill of this.skills) {
      if (stopReason !== null) {
        result.skipped.push({ skill: skill.name, reason: stopReason });
        continue;
      }
      const context = { taskId: ctx.taskId, actorName: ctx.actorName, skill: skill.name };
      const skillCtx: SkillContext = { ...ctx, outputs };
      try {
        const outcome = await runSkill(skill, skillCtx);
        if (outcome.status === "succeeded") {
          outputs.set(skill.name, outcome.output);
          result.succeeded.push({ skill: skill.name, output: outcome.output });
        } else {
          result.skipped.push({ skill: skill.name, reason: outcome.reason });
          if (outcome.halt ?? true) stopReason = `halted by ${skill.name}`;
        }
      } catch (thrown) {
        const error = skillError(thrown, context);
        result.failed.push({ skill: skill.name, error });
        if (ctx.signal.aborted) stopReason = `run aborted during ${skill.name}`;
        else if (!this.policy.continueOnError) stopReason = `after failure of ${skill.name}`;
        else if (this.policy.stopOnPermanent && !error.retryable)
          stopReason = `after permanent failure of ${skill.name}`;
      }
    }

    result.metadata = {
      outputs: toJsonSafe(Object.fromEntries(outputs)),
      posted: [...outputs.values()].flatMap(postedMessageIds),
    };
    return result;
  }
}
