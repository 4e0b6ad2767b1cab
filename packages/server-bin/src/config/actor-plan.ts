import { dirname, isAbsolute, resolve } from "node:path";
import type { Actor } from "@actor/core";
import { parseWebhookUrl } from "@actor/discord";
import { parseSchedule, type ScheduleType } from "@actor/schedule";
import {
  buildModuleActor,
  buildPipelineActor,
  resolveKnowledge,
  type SkillSpec,
} from "./build-actor.js";
import { ConfigError } from "./config-error.js";
import { didYouMean } from "./did-you-mean.js";
import { errorAt, problemAt, type Locator } from "./locate.js";
import { readTomlDocument } from "./read-toml.js";
import { actorFileSchema, type ActorEntry } from "./schema.js";
import type { ActorPlan, ActorTarget } from "./types.js";
import { validateDocument } from "./validate.js";

/** What an actor entry is resolved against. */
export interface ActorPlanContext {
  at: Locator;
  /** Directory of the server file. */
  dir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `[server] timezone`, the default zone of cron schedules. */
  timezone: string | undefined;
}

/** The original server's default when an actor has no schedule. */
const DEFAULT_SCHEDULE = { type: "interval", seconds: 3600 } as const;

/** Validates one `[[actors]]` entry, reads its actor file or module and builds its actor. */
export async function planActor(
  entry: ActorEntry,
  index: number,
  ctx: ActorPlanContext,
): Promise<ActorPlan> {
  const path = ["actors", index];
  const sources = (["config_file", "module", "skills"] as const).filter(
    (k) => entry[k] !== undefined,
  );
  if (sources.length !== 1) {
    throw errorAt(
      ctx.at,
      sources.length > 1 ? [...path, sources[1]!] : path,
      sources.length > 1
        ? `actor "${entry.name}": give only one of config_file, module and skills (found ${sources.join(" and ")})`
        : `actor "${entry.name}": say what it runs: config_file = "actors/x.toml", module = "./x.js", or an inline [[actors.skills]] list`,
    );
  }
  const targets = (["channel_id", "thread_id", "webhook_url", "destination"] as const).filter(
    (k) => entry[k] !== undefined,
  );
  if (targets.length > 1) {
    throw errorAt(
      ctx.at,
      [...path, targets[1]!],
      `actor "${entry.name}": give only one destination (found ${targets.join(" and ")})`,
    );
  }
  if (entry.webhook_url !== undefined) {
    try {
      parseWebhookUrl(entry.webhook_url);
    } catch (error) {
      throw errorAt(
        ctx.at,
        [...path, "webhook_url"],
        `actor "${entry.name}": ${(error as Error).message}`,
        error,
      );
    }
  }
  const schedule = planSchedule(entry, path, ctx);
  const actor = await buildActor(entry, path, ctx);
  return {
    name: entry.name,
    description: entry.description,
    enabled: entry.enabled ?? true,
    schedule,
    target: targetOf(entry),
    timeoutSeconds: entry.timeout_seconds,
    retries: entry.retries,
    maxConsecutiveFailures: entry.max_consecutive_failures,
    actor,
    location: problemAt(ctx.at, path, "").location,
  };
}

function planSchedule(
  entry: ActorEntry,
  path: (string | number)[],
  ctx: ActorPlanContext,
): ScheduleType {
  const raw = entry.schedule ?? DEFAULT_SCHEDULE;
  const table =
    raw !== null && typeof raw === "object" && !Array.isArray(raw) && !(raw instanceof Date)
      ? { ...(raw as Record<string, unknown>) }
      : raw;
  if (
    typeof table === "object" &&
    table !== null &&
    !Array.isArray(table) &&
    !(table instanceof Date)
  ) {
    const t = table as Record<string, unknown>;
    for (const [key, value] of [
      ["jitter_seconds", entry.jitter_seconds],
      ["misfire", entry.misfire],
    ] as const) {
      if (value === undefined) continue;
      if (t[key] !== undefined || t[key === "jitter_seconds" ? "jitterSeconds" : key] !== undefined)
        throw errorAt(
          ctx.at,
          [...path, key],
          `actor "${entry.name}": ${key} is set both here and in [actors.schedule]; keep one`,
        );
      t[key] = value;
    }
  }
  checkScheduleKeys(table, [...path, "schedule"], ctx.at);
  let schedule: ScheduleType;
  try {
    schedule = parseSchedule(table, { actorName: entry.name });
  } catch (error) {
    const context = (error as { context?: { field?: unknown; problems?: unknown } }).context ?? {};
    const field = typeof context.field === "string" ? context.field.split(".") : [];
    const fieldKey =
      field[0] === "jitterSeconds" && entry.jitter_seconds !== undefined
        ? ["jitter_seconds"]
        : field[0] === "misfire" && entry.misfire !== undefined
          ? ["misfire"]
          : undefined;
    const problems = Array.isArray(context.problems)
      ? context.problems.join("; ")
      : (error as Error).message;
    const at = fieldKey
      ? [...path, ...fieldKey]
      : [...path, "schedule", ...field.map(snake(table))];
    throw errorAt(ctx.at, at, `actor "${entry.name}": ${problems}`, error);
  }
  if (schedule.type === "cron" && schedule.timezone === undefined && ctx.timezone !== undefined)
    schedule = { ...schedule, timezone: ctx.timezone };
  return schedule;
}

const SCHEDULE_KEYS = [
  "type",
  "expression",
  "timezone",
  "seconds",
  "start_at",
  "at",
  "jitter_seconds",
  "misfire",
  "max_catch_up",
];
const SCHEDULE_ALIASES = ["time_zone", "timeZone", "startAt", "jitterSeconds", "maxCatchUp"];

/** Unknown schedule keys get a "did you mean" hint in the file's own (snake_case) spelling. */
function checkScheduleKeys(table: unknown, path: (string | number)[], at: Locator): void {
  if (table === null || typeof table !== "object" || Array.isArray(table) || table instanceof Date)
    return;
  const problems = Object.keys(table)
    .filter((key) => !SCHEDULE_KEYS.includes(key) && !SCHEDULE_ALIASES.includes(key))
    .map((key) => {
      const hint = didYouMean(key, SCHEDULE_KEYS);
      return problemAt(
        at,
        [...path, key],
        hint
          ? `unknown key "${key}"; did you mean "${hint}"?`
          : `unknown key "${key}" (accepted: ${SCHEDULE_KEYS.join(", ")})`,
      );
    });
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The key as written in the table (`time_zone` for `timezone`...). */
function snake(table: unknown): (key: string) => string {
  return (key) => {
    if (table === null || typeof table !== "object") return key;
    const candidates = [
      key,
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      key === "timezone" ? "time_zone" : key,
    ];
    return candidates.find((k) => Object.hasOwn(table, k)) ?? key;
  };
}

function targetOf(entry: ActorEntry): ActorTarget {
  if (entry.channel_id !== undefined) return { kind: "channel", id: entry.channel_id };
  if (entry.thread_id !== undefined) return { kind: "thread", id: entry.thread_id };
  if (entry.webhook_url !== undefined) return { kind: "webhook", url: entry.webhook_url };
  if (entry.destination !== undefined) return { kind: "named", name: entry.destination };
  return { kind: "none" };
}

async function buildActor(
  entry: ActorEntry,
  path: (string | number)[],
  ctx: ActorPlanContext,
): Promise<Actor> {
  if (entry.module !== undefined)
    return buildModuleActor(entry.name, entry.module, ctx.at, [...path, "module"], ctx.dir);
  if (entry.skills !== undefined) {
    const skills = entry.skills.map((raw, i): SkillSpec => {
      const { use, module, ...options } = raw;
      return {
        name: String(use ?? module ?? `skill-${i}`),
        ...(use === undefined ? {} : { use }),
        ...(module === undefined ? {} : { module }),
        options,
        at: ctx.at,
        path: [...path, "skills", i],
        baseDir: ctx.dir,
      };
    });
    for (const [i, s] of skills.entries()) {
      if (s.use === undefined && s.module === undefined)
        throw errorAt(
          ctx.at,
          [...path, "skills", i],
          `actor "${entry.name}": a skill needs use = "<built-in>" or module = "./x.js"`,
        );
    }
    return buildPipelineActor(entry.name, {
      skills,
      knowledge: resolveKnowledge(entry.knowledge, ctx.dir),
      knowledgePath: { at: ctx.at, path: [...path, "knowledge"] },
      policy: policyOf(entry.execution),
    });
  }
  return buildFromFile(entry, path, ctx);
}

async function buildFromFile(
  entry: ActorEntry,
  path: (string | number)[],
  ctx: ActorPlanContext,
): Promise<Actor> {
  const file = entry.config_file!;
  const absolute = isAbsolute(file) ? file : resolve(ctx.dir, file);
  const via = problemAt(ctx.at, [...path, "config_file"], "").location;
  const doc = await readTomlDocument(file, absolute, ctx.env, via);
  const at: Locator = { file: doc.file, lines: doc.lines };
  const parsed = validateDocument(actorFileSchema, doc.data, at, "actor");
  if (entry.knowledge !== undefined && parsed.actor.knowledge !== undefined)
    throw errorAt(
      ctx.at,
      [...path, "knowledge"],
      `actor "${entry.name}": knowledge is set both here and in ${file}; keep one`,
    );
  const baseDir = dirname(absolute);
  const tables = parsed.skills ?? {};
  const listed = new Set(parsed.actor.skills);
  const stray = Object.keys(tables).find((name) => !listed.has(name));
  if (stray !== undefined)
    throw errorAt(
      at,
      ["skills", stray],
      `[skills.${stray}] is configured but not listed in [actor] skills (listed: ${[...listed].join(", ")})`,
    );
  const skills: SkillSpec[] = [];
  for (const [i, name] of parsed.actor.skills.entries()) {
    const table = tables[name];
    const { module, enabled, ...options } = table ?? {};
    if (enabled === false) continue;
    skills.push({
      name,
      ...(module === undefined ? {} : { module }),
      options,
      at,
      path: table ? ["skills", name] : ["actor", "skills", i],
      baseDir,
    });
  }
  if (skills.length === 0)
    throw new ConfigError([
      problemAt(at, ["actor", "skills"], "every listed skill is disabled; enable at least one"),
    ]);
  const knowledge =
    entry.knowledge !== undefined
      ? resolveKnowledge(entry.knowledge, ctx.dir)
      : resolveKnowledge(parsed.actor.knowledge, baseDir);
  return buildPipelineActor(entry.name, {
    skills,
    knowledge,
    knowledgePath:
      entry.knowledge !== undefined
        ? { at: ctx.at, path: [...path, "knowledge"] }
        : { at, path: ["actor", "knowledge"] },
    policy: policyOf(entry.execution ?? parsed.actor.execution),
  });
}

function policyOf(execution: ActorEntry["execution"]): {
  stopOnPermanent?: boolean;
  continueOnError?: boolean;
} {
  if (execution === undefined) return {};
  const stop = execution.stop_on_permanent ?? execution.stop_on_unrecoverable;
  return {
    ...(stop === undefined ? {} : { stopOnPermanent: stop }),
    ...(execution.continue_on_error === undefined
      ? {}
      : { continueOnError: execution.continue_on_error }),
  };
}
