import { ActorError, type Actor, type ExecutionContext } from "@actor/core";

/**
 * The body of a task written as one async function. It gets the run's context (slot, attempt,
 * `signal` to pass to every I/O call) and may return a value: it is kept in the execution record as
 * the task's output. Throw to fail the run; an `ActorError` with a retryable code is retried.
 */
export type TaskFunction<Output = unknown> = (ctx: ExecutionContext) => Promise<Output> | Output;

/**
 * Wraps one async function as an {@link Actor}: the run succeeds with the function's return value
 * as the output of a single step named after the actor, and fails with whatever it throws.
 *
 * @example
 * ```ts
 * const morning = functionActor("morning", async (ctx) => {
 *   await fetch("https://example.com/hook", { method: "POST", signal: ctx.signal });
 * });
 * ```
 */
export function functionActor<Output>(name: string, fn: TaskFunction<Output>): Actor {
  if (typeof name !== "string" || name.trim() === "") {
    throw new ActorError(
      "invalid-config",
      `functionActor: the name must be a non-empty string, got ${String(name)}`,
    );
  }
  if (typeof fn !== "function") {
    throw new ActorError(
      "invalid-config",
      `functionActor("${name}"): the task must be a function, got ${typeof fn}`,
      { context: { actorName: name } },
    );
  }
  return {
    name,
    async execute(ctx) {
      const output = await fn(ctx);
      return { succeeded: [{ skill: name, output: output ?? null }], failed: [], skipped: [] };
    },
  };
}
