import { ActorError, type Actor } from "@actor/core";
import { createSchedule, type ScheduleType } from "@actor/schedule";
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
  schedule: ScheduleType;
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

/** Resolves and validates definitions; duplicates and bad schedules are `invalid-config` errors. */
export function resolveTasks(
  definitions: readonly TaskDefinition[],
  server: ResolvedServerOptions,
): ResolvedTask[] {
  const seen = new Map<string, Actor>();
  const actors = new Map<string, Actor>();
  return definitions.map((def, index) => {
    const options = def.options ?? {};
    const taskId = options.taskId ?? def.actor?.name;
    if (!def.actor || typeof def.actor.execute !== "function" || !taskId) {
      throw new ActorError(
        "invalid-config",
        `task #${index} has no actor with a name and an execute() method`,
        {
          context: { key: `actors[${index}]` },
        },
      );
    }
    if (seen.has(taskId)) {
      throw new ActorError(
        "invalid-config",
        `task id "${taskId}" is used twice; give one of them options.taskId`,
        {
          context: { taskId, actorName: def.actor.name },
        },
      );
    }
    const sameName = actors.get(def.actor.name);
    if (sameName && sameName !== def.actor) {
      throw new ActorError("invalid-config", `two different actors are named "${def.actor.name}"`, {
        context: { taskId, actorName: def.actor.name },
      });
    }
    seen.set(taskId, def.actor);
    actors.set(def.actor.name, def.actor);
    const { definition } = createSchedule(def.schedule, {
      source: { taskId, actorName: def.actor.name },
    });
    const pick = (value: number | undefined, fallback: number, name: string): number => {
      const v = value ?? fallback;
      if (!Number.isFinite(v) || v < 0) {
        throw new ActorError(
          "invalid-config",
          `task "${taskId}": ${name} must be a number >= 0, got ${String(value)}`,
          {
            context: { taskId, actorName: def.actor.name, key: name },
          },
        );
      }
      return v;
    };
    return {
      taskId,
      actor: def.actor,
      schedule: definition,
      retries: Math.floor(pick(options.retries, server.retries, "retries")),
      timeoutMs: pick(options.timeoutSeconds, server.timeoutSeconds, "timeoutSeconds") * 1000,
      backoffBaseMs:
        pick(options.backoffBaseSeconds, server.backoffBaseSeconds, "backoffBaseSeconds") * 1000,
      backoffMaxMs:
        pick(options.backoffMaxSeconds, server.backoffMaxSeconds, "backoffMaxSeconds") * 1000,
      maxConsecutiveFailures: Math.max(
        1,
        pick(
          options.maxConsecutiveFailures,
          server.maxConsecutiveFailures,
          "maxConsecutiveFailures",
        ),
      ),
      destination: options.destination,
      extraServices: options.services ?? {},
    };
  });
}
