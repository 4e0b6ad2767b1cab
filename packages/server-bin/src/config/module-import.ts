import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Actor } from "@actor/core";
import { isSkill } from "@actor/runtime";
import type { Skill } from "@actor/core";

/** What a `module = "./x.js"` exports: an actor, or a skill. */
export type ModuleExport = { kind: "actor"; actor: Actor } | { kind: "skill"; skill: Skill };

/**
 * Imports a custom module named in a config and finds what it exports: an actor
 * (`execute(ctx)`) or a skill (`run(ctx)`), as `default`, `actor` or `skill`. Throws an `Error`
 * whose message says what was expected and what the module exports.
 *
 * @example
 * ```ts
 * const found = await importModule("./weather.mjs", "/etc/actor");
 * ```
 */
export async function importModule(path: string, baseDir: string): Promise<ModuleExport> {
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" &&
      String((error as Error).message).includes(file)
        ? "the file does not exist"
        : String((error as Error).message ?? error).split("\n")[0];
    throw new Error(`cannot load module ${JSON.stringify(path)} (${file}): ${reason}`, {
      cause: error,
    });
  }
  for (const key of ["default", "actor", "skill"]) {
    const value = module[key];
    if (isActor(value)) return { kind: "actor", actor: value };
    if (isSkill(value)) return { kind: "skill", skill: value };
  }
  const found = Object.keys(module);
  throw new Error(
    `module ${JSON.stringify(path)} exports no actor or skill: expected a default export (or one named "actor" or "skill") with a "name" and an "execute(ctx)" or "run(ctx)" function; it exports ${found.length > 0 ? found.map((k) => `"${k}"`).join(", ") : "nothing"}`,
  );
}

function isActor(value: unknown): value is Actor {
  if (typeof value !== "object" || value === null) return false;
  const { name, execute } = value as { name?: unknown; execute?: unknown };
  return typeof name === "string" && name !== "" && typeof execute === "function";
}
