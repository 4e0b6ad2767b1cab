import { ActorError, type Skill } from "@actor/core";
import { checkNumber } from "./option-reader.js";
import { checkScope, DAY_MS, historyFilter, requireService } from "./services.js";

/** Options of {@link rateLimitSkill}. At least one limit is required. */
export interface RateLimitOptions {
  /** At most this many posts in any 24 hours (a rolling window ending now). */
  maxPostsPerDay?: number;
  /** At least this many minutes since the last post. */
  minIntervalMinutes?: number;
  /** Whose posts count: this task's (default) or every task of this actor. */
  scope?: "task" | "actor";
  /** The skill's name in the pipeline. Default "rate-limit". */
  name?: string;
}

/** What {@link rateLimitSkill} outputs when the run may post. */
export interface RateLimitOutput {
  /** Posts in the last 24 hours, before this one. */
  postsLast24h: number;
  /** When the last post was made, or null. */
  lastPostAt: Date | null;
}

/**
 * Lets the pipeline go on only while the post history is within limits, counted relative to the
 * clock's now: fewer than `maxPostsPerDay` posts in the last 24 hours, and at least
 * `minIntervalMinutes` since the last post. Otherwise it skips and halts, naming the limit. The
 * slot's own post (a retry after it was posted) is not counted, so `post` can report it as a duplicate.
 *
 * @example
 * ```ts
 * rateLimitSkill({ maxPostsPerDay: 4, minIntervalMinutes: 90 });
 * ```
 */
export function rateLimitSkill(options: RateLimitOptions): Skill<RateLimitOutput> {
  const name = options.name ?? "rate-limit";
  const { maxPostsPerDay, minIntervalMinutes } = options;
  if (maxPostsPerDay !== undefined)
    checkNumber(name, "maxPostsPerDay", maxPostsPerDay, { min: 1, integer: true });
  if (minIntervalMinutes !== undefined)
    checkNumber(name, "minIntervalMinutes", minIntervalMinutes, { min: 0 });
  if (maxPostsPerDay === undefined && minIntervalMinutes === undefined) {
    throw new ActorError(
      "invalid-config",
      `skill "${name}": set maxPostsPerDay, minIntervalMinutes or both`,
      {
        context: { skill: name },
      },
    );
  }
  const scope = checkScope(name, options.scope);

  return {
    name,
    async run(ctx) {
      const store = requireService(ctx, name, "store");
      const now = ctx.clock.now().getTime();
      const filter = historyFilter(ctx, scope);
      const since = new Date(now - Math.max(DAY_MS, (minIntervalMinutes ?? 0) * 60_000));
      const recent = (await store.posts({ ...filter, since })).filter(
        (p) => p.idempotencyKey !== ctx.idempotencyKey,
      );
      const lastDay = recent.filter((p) => p.postedAt.getTime() >= now - DAY_MS);
      const last = recent.reduce<Date | null>(
        (latest, p) => (latest === null || p.postedAt > latest ? p.postedAt : latest),
        null,
      );
      const who = scope === "task" ? `task ${ctx.taskId}` : `actor ${ctx.actorName}`;

      if (maxPostsPerDay !== undefined && lastDay.length >= maxPostsPerDay) {
        return {
          status: "skipped",
          reason: `rate limit maxPostsPerDay=${maxPostsPerDay} reached: ${who} posted ${lastDay.length} times in the last 24 hours`,
          halt: true,
        };
      }
      if (minIntervalMinutes !== undefined && last !== null) {
        const minutesSince = (now - last.getTime()) / 60_000;
        if (minutesSince < minIntervalMinutes) {
          return {
            status: "skipped",
            reason: `rate limit minIntervalMinutes=${minIntervalMinutes}: ${who} last posted ${Math.floor(minutesSince)} minutes ago`,
            halt: true,
          };
        }
      }
      return { status: "succeeded", output: { postsLast24h: lastDay.length, lastPostAt: last } };
    },
  };
}

/**
 * Former name of {@link rateLimitSkill}.
 *
 * @deprecated Use {@link rateLimitSkill}; built-in skill factories are named after the skill id in camelCase
 * followed by `Skill`. This alias will be removed in a future major release.
 */
export const rateLimit = rateLimitSkill;
