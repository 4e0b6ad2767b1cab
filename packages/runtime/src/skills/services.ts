import {
  ActorError,
  type ContentPoster,
  type ExecutionContext,
  type PostHistory,
} from "@actor/core";
import { optionError } from "./option-reader.js";

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
  return present(ctx, skill, name, override ?? servicesOf(ctx, skill)[name]);
}

/**
 * Returns several services, checking in the order of `names` as {@link requireService} would, but
 * reading `ctx.services` (via {@link servicesOf}) at most once. An override wins over `ctx.services`.
 *
 * @example
 * ```ts
 * const { poster, destination } = requireServices(ctx, "post", ["poster", "destination"]);
 * ```
 */
export function requireServices<K extends SkillServiceName>(
  ctx: ExecutionContext,
  skill: string,
  names: readonly K[],
  overrides: { [P in SkillServiceName]?: SkillServices[P] | undefined } = {},
): { [P in K]: NonNullable<SkillServices[P]> } {
  let services: SkillServices | undefined;
  const found: Partial<Record<SkillServiceName, unknown>> = {};
  for (const name of names) {
    found[name] = present(
      ctx,
      skill,
      name,
      overrides[name] ?? (services ??= servicesOf(ctx, skill))[name],
    );
  }
  return found as { [P in K]: NonNullable<SkillServices[P]> };
}

function present<K extends SkillServiceName>(
  ctx: ExecutionContext,
  skill: string,
  name: K,
  value: SkillServices[K] | null | undefined,
): NonNullable<SkillServices[K]> {
  if (value === undefined || value === null) {
    throw new ActorError(
      "invalid-config",
      `skill "${skill}" needs the "${name}" service (${CHECKS[name].expected}), but the run has none`,
      { context: { skill, taskId: ctx.taskId, actorName: ctx.actorName } },
    );
  }
  return value as NonNullable<SkillServices[K]>;
}

/** Whose posts a post-history skill counts: the running task's, or every task of its actor. */
export type HistoryScope = "task" | "actor";

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * Checks a skill's `scope` option (default `"task"`); returns it, or throws an `invalid-config`
 * error naming the skill.
 *
 * @example
 * ```ts
 * const scope = checkScope("rate-limit", options.scope);
 * ```
 */
export function checkScope(skill: string, scope: unknown = "task"): HistoryScope {
  if (scope !== "task" && scope !== "actor")
    throw optionError(skill, "scope", scope, '"task" or "actor"');
  return scope;
}

/**
 * The post-history filter of a scope: this run's task, or its actor.
 *
 * @example
 * ```ts
 * const records = await store.posts({ ...historyFilter(ctx, scope), since });
 * ```
 */
export function historyFilter(
  ctx: ExecutionContext,
  scope: HistoryScope,
): { taskId: string } | { actorName: string } {
  return scope === "task" ? { taskId: ctx.taskId } : { actorName: ctx.actorName };
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((n) => typeof record[n] === "function");
}

/** A service a skill needs from its run that can be checked before the server starts. */
export type ServiceNeed = "poster" | "destination";

/** What a skill declares it needs (the built-in `post` skill does, unless given its own). */
export interface ServiceNeeds {
  readonly requires: readonly ServiceNeed[];
}

/**
 * The services the skills of `actor` declare they need, each with the skills that need it. Only a
 * skill pipeline (an actor with a `skills` list) declares anything; other actors give an empty map.
 *
 * @example
 * ```ts
 * servicesNeededBy(new SkillActor({ name: "a", skills: [postSkill()] })); // Map { "poster" => ["post"], "destination" => ["post"] }
 * ```
 */
export function servicesNeededBy(actor: unknown): Map<ServiceNeed, string[]> {
  const needs = new Map<ServiceNeed, string[]>();
  const skills = (actor as { skills?: unknown } | null)?.skills;
  if (!Array.isArray(skills)) return needs;
  for (const skill of skills as { name?: unknown; requires?: unknown }[]) {
    if (!Array.isArray(skill?.requires)) continue;
    for (const need of skill.requires as unknown[]) {
      if (need !== "poster" && need !== "destination") continue;
      const list = needs.get(need) ?? [];
      list.push(String(skill.name));
      needs.set(need, list);
    }
  }
  return needs;
}
