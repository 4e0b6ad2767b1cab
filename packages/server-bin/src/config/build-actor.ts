import { isAbsolute, resolve } from "node:path";
import { isActorError, type Actor, type Skill } from "@actor/core";
import {
  builtInSkills,
  formatSkill,
  isBuiltInSkillName,
  postSkill,
  SkillActor,
  skillId,
  type SkillPolicy,
} from "@actor/runtime";
import { ConfigError } from "./config-error.js";
import { errorAt, type Locator } from "./locate.js";
import { importModule } from "./module-import.js";

/** One skill of a pipeline as configured: a built-in (`use`) or a module, with its options. */
export interface SkillSpec {
  /** The skill's name in the pipeline. */
  name: string;
  use?: string;
  module?: string;
  options: Record<string, unknown>;
  /** Where it was configured. */
  at: Locator;
  path: (string | number)[];
  /** Directory its relative paths resolve from. */
  baseDir: string;
}

/** A skill pipeline as configured (an actor file or an inline `[[actors.skills]]` list). */
export interface PipelineSpec {
  skills: SkillSpec[];
  /** Content queue files, already absolute. */
  knowledge: string[];
  knowledgePath: { at: Locator; path: (string | number)[] };
  policy: SkillPolicy;
}

/** Builds a `SkillActor` from a configured pipeline; option errors name the file, key and line. */
export async function buildPipelineActor(name: string, spec: PipelineSpec): Promise<Actor> {
  const skills: Skill[] = [];
  for (const s of spec.skills) skills.push(await buildSkill(s, spec));
  try {
    return new SkillActor({ name, skills, ...spec.policy });
  } catch (error) {
    const first = spec.skills[0];
    throw errorAt(
      first?.at ?? spec.knowledgePath.at,
      first?.path ?? [],
      (error as Error).message,
      error,
    );
  }
}

/**
 * Builds the actor of a `module = "./x.js"` entry: an exported actor runs as is (under the
 * configured name); an exported skill runs as a pipeline of that skill, `format` and `post`.
 */
export async function buildModuleActor(
  name: string,
  modulePath: string,
  at: Locator,
  path: (string | number)[],
  baseDir: string,
): Promise<Actor> {
  let found;
  try {
    found = await importModule(modulePath, baseDir);
  } catch (error) {
    throw errorAt(at, path, (error as Error).message, error);
  }
  if (found.kind === "skill")
    return new SkillActor({ name, skills: [found.skill, formatSkill(), postSkill()] });
  const inner = found.actor;
  if (inner.name === name) return inner;
  return { name, execute: (ctx) => inner.execute(ctx) };
}

async function buildSkill(s: SkillSpec, spec: PipelineSpec): Promise<Skill> {
  if (s.module !== undefined) {
    const extra = Object.keys(s.options);
    if (extra.length > 0)
      throw errorAt(
        s.at,
        [...s.path, extra[0]!],
        `unknown key "${extra[0]}" (a module skill takes only "module")`,
      );
    let found;
    try {
      found = await importModule(s.module, s.baseDir);
    } catch (error) {
      throw errorAt(s.at, [...s.path, "module"], (error as Error).message, error);
    }
    if (found.kind !== "skill")
      throw errorAt(
        s.at,
        [...s.path, "module"],
        `module ${JSON.stringify(s.module)} exports an actor, not a skill (a skill has "run(ctx)")`,
      );
    return found.skill;
  }
  const use = skillId(s.use ?? s.name);
  if (!isBuiltInSkillName(use)) {
    throw errorAt(
      s.at,
      s.path,
      `unknown skill "${use}" (built-in skills: ${Object.keys(builtInSkills).join(", ")}; or give module = "./my-skill.js")`,
    );
  }
  const options: Record<string, unknown> = { ...s.options };
  if (use === "select-content" && options["source"] === undefined) {
    if (spec.knowledge.length !== 1) {
      const { at, path } = spec.knowledgePath;
      throw errorAt(
        at,
        spec.knowledge.length === 0 ? s.path : path,
        spec.knowledge.length === 0
          ? `skill "select-content" needs a content queue: set knowledge = ["posts.txt"] or source = { file = "posts.txt" }`
          : `skill "select-content" reads one content queue; knowledge lists ${spec.knowledge.length} files (give one, or set source on the skill)`,
      );
    }
    options["source"] = { file: spec.knowledge[0] };
  }
  try {
    return builtInSkills[use](options, { baseDir: s.baseDir });
  } catch (error) {
    if (!isActorError(error) || error instanceof ConfigError) throw error;
    const key =
      typeof error.context["key"] === "string"
        ? spellingIn(s.options, error.context["key"])
        : undefined;
    const canonical = typeof error.context["key"] === "string" ? error.context["key"] : undefined;
    let message = error.message.replace(/^skill "[^"]+": /, "");
    if (canonical !== undefined && key !== undefined && key !== canonical)
      message = message.replace(`"${canonical}"`, `"${key}"`);
    throw errorAt(
      s.at,
      key === undefined ? s.path : [...s.path, key],
      `skill "${s.name}": ${message}`,
      error,
    );
  }
}

/** The key as the operator spelled it (`max_posts_per_day` for `maxPostsPerDay`). */
function spellingIn(options: Record<string, unknown>, key: string): string {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.hasOwn(options, snake) ? snake : key;
}

/** Resolves knowledge paths against a directory. */
export function resolveKnowledge(
  knowledge: string | string[] | undefined,
  baseDir: string,
): string[] {
  const list = knowledge === undefined ? [] : Array.isArray(knowledge) ? knowledge : [knowledge];
  return list.map((k) => (isAbsolute(k) ? k : resolve(baseDir, k)));
}
