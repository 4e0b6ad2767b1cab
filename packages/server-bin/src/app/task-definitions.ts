import type { TaskDefinition } from "@actor/runtime";
import type { Composition } from "../compose/composition.js";
import type { ServerConfig } from "../config/types.js";

/**
 * The runtime's task list for a config: every enabled actor with its schedule, destination, run
 * options and (for webhook actors) its own poster. Disabled actors are left out, so their stored
 * state is kept but inactive.
 */
export function taskDefinitions(config: ServerConfig, parts: Composition): TaskDefinition[] {
  return config.actors
    .filter((plan) => plan.enabled)
    .map((plan) => {
      const { poster, destination } = parts.targetOf(plan.target);
      const options = {
        ...(destination === undefined ? {} : { destination }),
        ...(plan.retries === undefined ? {} : { retries: plan.retries }),
        ...(plan.timeoutSeconds === undefined ? {} : { timeoutSeconds: plan.timeoutSeconds }),
        ...(plan.maxConsecutiveFailures === undefined
          ? {}
          : { maxConsecutiveFailures: plan.maxConsecutiveFailures }),
        ...(poster === parts.poster ? {} : { services: { poster } }),
      };
      return { actor: plan.actor, schedule: plan.schedule, options };
    });
}
