import { isAbsolute, resolve } from "node:path";
import type { Skill } from "@actor/core";
import type { ContentItemInput } from "./content-item.js";
import { formatSkill, type FormatOptions } from "./format.js";
import { OptionReader, optionError } from "./option-reader.js";
import { isRecord } from "./pipeline-data.js";
import { PLATFORM_LIMITS, type PlatformName } from "./platform-limits.js";
import { postSkill, type PostSkillOptions } from "./post.js";
import { rateLimitSkill, type RateLimitOptions } from "./rate-limit.js";
import { skillId } from "./skill-id.js";
import { selectContentSkill, type SelectContentOptions } from "./select-content.js";
import { timeWindowSkill, type TimeWindowOptions } from "./time-window.js";
import { WEEKDAYS, type Weekday } from "./zoned-time.js";

/** The names of the built-in skills, as written in a config file. */
export type BuiltInSkillName = "select-content" | "time-window" | "rate-limit" | "format" | "post";

/** Where a config file's relative paths are resolved from. */
export interface SkillConfigEnv {
  /** Directory for relative paths (content files). Default: the working directory. */
  baseDir?: string;
}

/** Builds a skill from untyped options (a config file table), checking every key. */
export type BuiltInSkillFactory = (options: unknown, env?: SkillConfigEnv) => Skill;

/**
 * The built-in skills by config name. Each factory checks its options (keys in camelCase or
 * snake_case; unknown keys are rejected) and throws `ActorError("invalid-config")` naming the
 * skill, the option, the value and what is accepted.
 *
 * @example
 * ```ts
 * const skill = builtInSkills["rate-limit"]({ max_posts_per_day: 3 });
 * const select = builtInSkills["select-content"]({ source: { file: "posts.txt" }, order: "random" }, { baseDir: "/etc/actor" });
 * ```
 */
export const builtInSkills: Record<BuiltInSkillName, BuiltInSkillFactory> = {
  "select-content"(raw, env = {}) {
    const r = new OptionReader("select-content", raw);
    const source = r.raw("source");
    const options = defined<SelectContentOptions>({
      source: parseSource(source, env),
      order: r.oneOf("order", ["sequential", "random", "priority"] as const) ?? "sequential",
      lookbackDays: r.number("lookbackDays", { min: 0, allowInfinity: true }),
      scope: r.oneOf("scope", ["task", "actor"] as const),
      name: r.string("name"),
    });
    r.done();
    return selectContentSkill(options);
  },
  "time-window"(raw) {
    const r = new OptionReader("time-window", raw);
    const options = defined<TimeWindowOptions>({
      start: r.string("start", true),
      end: r.string("end", true),
      timezone: r.string("timezone"),
      days: parseDays(r.raw("days")),
      at: r.oneOf("at", ["scheduled", "now"] as const),
      name: r.string("name"),
    });
    r.done();
    return timeWindowSkill(options);
  },
  "rate-limit"(raw) {
    const r = new OptionReader("rate-limit", raw);
    const options = defined<RateLimitOptions>({
      maxPostsPerDay: r.number("maxPostsPerDay", { min: 1, integer: true }),
      minIntervalMinutes: r.number("minIntervalMinutes", { min: 0 }),
      scope: r.oneOf("scope", ["task", "actor"] as const),
      name: r.string("name"),
    });
    r.done();
    return rateLimitSkill(options);
  },
  format(raw) {
    const r = new OptionReader("format", raw);
    const template = r.raw("template");
    if (template !== undefined && typeof template !== "string")
      throw optionError("format", "template", template, "a string");
    const options = defined<FormatOptions>({
      template,
      maxLength: r.number("maxLength", { min: 1, integer: true }),
      platform: r.oneOf("platform", Object.keys(PLATFORM_LIMITS) as PlatformName[]),
      split: r.boolean("split"),
      timezone: r.string("timezone"),
      from: r.string("from"),
      name: r.string("name"),
    });
    r.done();
    return formatSkill(options);
  },
  post(raw) {
    const r = new OptionReader("post", raw);
    const options = defined<PostSkillOptions>({
      destination: r.string("destination"),
      name: r.string("name"),
    });
    r.done();
    return postSkill(options);
  },
};

/** True when `name` is one of {@link builtInSkills}, spelled as its kebab-case id. */
export function isBuiltInSkillName(name: string): name is BuiltInSkillName {
  return Object.hasOwn(builtInSkills, name);
}

/**
 * The factory of the built-in skill `name`, or `undefined`. Accepts the kebab-case id
 * (`"select-content"`) and its camelCase spelling (`"selectContent"`); see {@link skillId}.
 *
 * @example
 * ```ts
 * findBuiltInSkill("rateLimit")?.({ maxPostsPerDay: 3 });
 * ```
 */
export function findBuiltInSkill(name: string): BuiltInSkillFactory | undefined {
  const id = skillId(name);
  return isBuiltInSkillName(id) ? builtInSkills[id] : undefined;
}

function parseSource(source: unknown, env: SkillConfigEnv): SelectContentOptions["source"] {
  if (Array.isArray(source)) return source as ContentItemInput[];
  if (
    isRecord(source) &&
    Object.keys(source).length === 1 &&
    typeof source["file"] === "string" &&
    source["file"] !== ""
  ) {
    const file = source["file"];
    return {
      file: isAbsolute(file) || env.baseDir === undefined ? file : resolve(env.baseDir, file),
    };
  }
  throw optionError("select-content", "source", source, '{ file = "path" } or an array of items');
}

function parseDays(days: unknown): Weekday[] | undefined {
  if (days === undefined) return undefined;
  const accepted = `a list of weekdays (${WEEKDAYS.join(", ")}, or full names)`;
  if (!Array.isArray(days)) throw optionError("time-window", "days", days, accepted);
  return days.map((day: unknown) => {
    const short = typeof day === "string" ? day.trim().toLowerCase().slice(0, 3) : "";
    const full = typeof day === "string" && day.trim().length > 3;
    const known =
      (WEEKDAYS as readonly string[]).includes(short) && (!full || /^[a-z]+day$/i.test(day.trim()));
    if (!known) throw optionError("time-window", "days", days, accepted);
    return short as Weekday;
  });
}

function defined<T>(options: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}
