import {
  ActorError,
  type ContentPoster,
  type ExecutionContext,
  type PostHistory,
} from "@actor/core";

/**
 * The services the built-in skills read from `ctx.services`. The runtime composes them in: `store`
 * is the server's `ActorStore` (only its post history is used here), `poster` the configured
 * `ContentPoster`, `destination` the task's default destination.
 */
export interface SkillServices {
  store?: PostHistory;
  poster?: ContentPoster;
  destination?: string;
}

/** The name of one service in {@link SkillServices}. */
export type SkillServiceName = keyof SkillServices;

const CHECKS: { [K in SkillServiceName]: { expected: string; test: (value: unknown) => boolean } } =
  {
    store: {
      expected: "a post history with findPost, recordPost and posts",
      test: (v) => hasFunctions(v, ["findPost", "recordPost", "posts"]),
    },
    poster: {
      expected: "a ContentPoster with platform, post and canPost",
      test: (v) =>
        hasFunctions(v, ["post", "canPost"]) &&
        typeof (v as { platform?: unknown }).platform === "string",
    },
    destination: {
      expected: "a non-empty string",
      test: (v) => typeof v === "string" && v.trim() !== "",
    },
  };

/**
 * Reads and checks the skill services of a run. A service that is present but has the wrong shape
 * is an `invalid-config` error naming the skill; absent services are left out.
 *
 * @example
 * ```ts
 * const { poster, destination } = servicesOf(ctx, "post");
 * ```
 */
export function servicesOf(ctx: ExecutionContext, skill: string): SkillServices {
  const services: SkillServices = {};
  for (const name of Object.keys(CHECKS) as SkillServiceName[]) {
    const value = ctx.services[name];
    if (value === undefined || value === null) continue;
    if (!CHECKS[name].test(value)) {
      throw new ActorError(
        "invalid-config",
        `skill "${skill}": service "${name}" must be ${CHECKS[name].expected}`,
        { context: { skill, taskId: ctx.taskId, actorName: ctx.actorName } },
      );
    }
    (services as Record<string, unknown>)[name] = value;
  }
  return services;
}

/**
 * Returns one service, or throws `ActorError("invalid-config")` naming the skill and the missing
 * service (an explicit `override`, such as a skill option, wins over `ctx.services`).
 *
 * @example
 * ```ts
 * const store = requireService(ctx, "rate-limit", "store");
 * ```
 */
export function requireService<K extends SkillServiceName>(
  ctx: ExecutionContext,
  skill: string,
  name: K,
  override?: SkillServices[K],
): NonNullable<SkillServices[K]> {
  const value = override ?? servicesOf(ctx, skill)[name];
  if (value === undefined || value === null) {
    throw new ActorError(
      "invalid-config",
      `skill "${skill}" needs the "${name}" service (${CHECKS[name].expected}), but the run has none`,
      { context: { skill, taskId: ctx.taskId, actorName: ctx.actorName } },
    );
  }
  return value as NonNullable<SkillServices[K]>;
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((n) => typeof record[n] === "function");
}
