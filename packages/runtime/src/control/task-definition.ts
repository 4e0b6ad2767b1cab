import { ActorError, type Actor } from "@actor/core";
import { createSchedule, type ScheduleInput, type ScheduleType } from "@actor/schedule";
import { parseTaskOptions } from "./options-schema.js";
import type { ResolvedServerOptions } from "./options.js";

/** Per-task options; unset run options fall back to the server's. */
export interface TaskOptions {
  /** Default: the actor's name. Must be unique in a server. */
  taskId?: string;
  retries?: number;
  timeoutSeconds?: number;
  backoffBaseSeconds?: number;
  backoffMaxSeconds?: number;
  maxConsecutiveFailures?: number;
  /** Where the task posts (a channel id...); given to skills as `ctx.services.destination`. */
  destination?: string;
  /** Extra services for this task's runs, merged into `ctx.services`. */
  services?: Record<string, unknown>;
}

/**
 * One scheduled task: an actor, its schedule and options. `reload` takes a list of these.
 *
 * @example
 * ```ts
 * const def: TaskDefinition = { actor: hello, schedule: { type: "cron", expression: "0 9 * * *" }, options: { destination: "123" } };
 * ```
 */
export interface TaskDefinition {
  actor: Actor;
  /** The schedule: the canonical form or a documented alternative spelling (`type: "Cron"`, `time_zone`). */
  schedule: ScheduleInput;
  options?: TaskOptions;
}

/** A definition with its options resolved against the server's. */
export interface ResolvedTask {
  taskId: string;
  actor: Actor;
  /** The validated (normalised) schedule definition. */
  schedule: ScheduleType;
  retries: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxConsecutiveFailures: number;
  destination: string | undefined;
  extraServices: Record<string, unknown>;
}

/** Resolves and validates definitions; duplicates, bad options and bad schedules are `invalid-config` errors. */
export function resolveTasks(
  definitions: readonly TaskDefinition[],
  server: ResolvedServerOptions,
): ResolvedTask[] {
  const seen = new Map<string, Actor>();
  const actors = new Map<string, Actor>();
  return definitions.map((def, index) => {
    if (
      !def?.actor ||
      typeof def.actor.execute !== "function" ||
      typeof def.actor.name !== "string" ||
      def.actor.name === ""
    ) {
      throw new ActorError(
        "invalid-config",
        `task #${index} has no actor with a non-empty name and an execute() method`,
        { context: { key: `actors[${index}]` } },
      );
    }
    const actorName = def.actor.name;
    const options = parseTaskOptions(def.options ?? {}, {
      label: `task #${index} (actor "${actorName}")`,
      keyPrefix: `actors[${index}].options`,
      actorName,
    });
    const taskId = options.taskId ?? actorName;
    if (seen.has(taskId)) {
      throw new ActorError(
        "invalid-config",
        `task id "${taskId}" is used twice; give one of them options.taskId`,
        { context: { taskId, actorName, key: `actors[${index}].options.taskId` } },
      );
    }
    const sameName = actors.get(actorName);
    if (sameName && sameName !== def.actor) {
      throw new ActorError("invalid-config", `two different actors are named "${actorName}"`, {
        context: { taskId, actorName, key: `actors[${index}]` },
      });
    }
    seen.set(taskId, def.actor);
    actors.set(actorName, def.actor);
    const { definition } = createSchedule(def.schedule, { source: { taskId, actorName } });
    return {
      taskId,
      actor: def.actor,
      schedule: definition,
      retries: options.retries ?? server.retries,
      timeoutMs: (options.timeoutSeconds ?? server.timeoutSeconds) * 1000,
      backoffBaseMs: (options.backoffBaseSeconds ?? server.backoffBaseSeconds) * 1000,
      backoffMaxMs: (options.backoffMaxSeconds ?? server.backoffMaxSeconds) * 1000,
      maxConsecutiveFailures: options.maxConsecutiveFailures ?? server.maxConsecutiveFailures,
      destination: options.destination,
      extraServices: options.services ?? {},
    };
  });
}
