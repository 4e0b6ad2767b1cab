import type { Actor, ExecutionContext, ExecutionResult } from "./actor.js";
import { ActorError } from "./errors.js";

/**
 * A registry of actors by id.
 *
 * @example
 * ```ts
 * const manager = new GenericActorManager<string>();
 * manager.registerActor("hello", helloActor);
 * const result = await manager.executeActor("hello", ctx);
 * ```
 */
export interface ActorManager<Id, Ctx extends ExecutionContext = ExecutionContext> {
  /** Registers an actor; a second actor under the same id is a `duplicate` error. */
  registerActor(id: Id, actor: Actor<Ctx>): void;
  /** Removes an actor; returns whether it was registered. */
  unregisterActor(id: Id): boolean;
  /** Runs the actor; an unknown id is a `not-found` error. */
  executeActor(id: Id, ctx: Ctx): Promise<ExecutionResult>;
  registeredActors(): Id[];
  isRegistered(id: Id): boolean;
  /** The actor registered under `id`, if any. */
  getActor(id: Id): Actor<Ctx> | undefined;
}

/** The in-memory {@link ActorManager}: a `Map` keyed by id. */
export class GenericActorManager<
  Id,
  Ctx extends ExecutionContext = ExecutionContext,
> implements ActorManager<Id, Ctx> {
  readonly #actors = new Map<Id, Actor<Ctx>>();

  registerActor(id: Id, actor: Actor<Ctx>): void {
    if (this.#actors.has(id)) {
      throw new ActorError("duplicate", `an actor is already registered as ${String(id)}`, {
        context: { actorName: actor.name },
      });
    }
    this.#actors.set(id, actor);
  }

  unregisterActor(id: Id): boolean {
    return this.#actors.delete(id);
  }

  async executeActor(id: Id, ctx: Ctx): Promise<ExecutionResult> {
    const actor = this.#actors.get(id);
    if (!actor) {
      throw new ActorError("not-found", `no actor is registered as ${String(id)}`, {
        context: { taskId: ctx.taskId },
      });
    }
    return actor.execute(ctx);
  }

  registeredActors(): Id[] {
    return [...this.#actors.keys()];
  }

  isRegistered(id: Id): boolean {
    return this.#actors.has(id);
  }

  getActor(id: Id): Actor<Ctx> | undefined {
    return this.#actors.get(id);
  }
}
