import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ActorError, type Skill } from "@actor/core";
import type { SkillConfigEnv } from "./built-in-skills.js";

/**
 * Imports an ES module named in the config (`module = "./my-skill.js"`) and returns the skill it
 * exports as `default` or as `skill`: an object with a non-empty `name` and a `run(ctx)` function.
 * A relative path is resolved from `env.baseDir` (default: the working directory). A module that
 * cannot be loaded, or exports no skill, is an `invalid-config` error naming the path.
 *
 * @example
 * ```ts
 * const skill = await loadSkillModule("./skills/weather.mjs", { baseDir: "/etc/actor" });
 * ```
 */
export async function loadSkillModule(path: string, env: SkillConfigEnv = {}): Promise<Skill> {
  const file = isAbsolute(path) ? path : resolve(env.baseDir ?? process.cwd(), path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ActorError(
      "invalid-config",
      `cannot load skill module ${path} (${file}): ${(error as Error).message ?? String(error)}`,
      {
        cause: error,
        context: { file: path },
      },
    );
  }
  for (const key of ["default", "skill"]) {
    if (isSkill(module[key])) return module[key];
  }
  const found = Object.keys(module);
  throw new ActorError(
    "invalid-config",
    `skill module ${path} exports no skill: expected a default export or an export named "skill" with a string "name" and a "run(ctx)" function; it exports ${found.length > 0 ? found.map((k) => `"${k}"`).join(", ") : "nothing"}`,
    { context: { file: path } },
  );
}

/** True for an object with a non-empty string `name` and a `run` function. */
export function isSkill(value: unknown): value is Skill {
  if (typeof value !== "object" || value === null) return false;
  const { name, run } = value as { name?: unknown; run?: unknown };
  return typeof name === "string" && name !== "" && typeof run === "function";
}
