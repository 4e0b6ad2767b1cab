/**
 * The one spelling of a skill id: kebab-case (`"select-content"`, `"time-window"`). Config files,
 * `ctx.outputs`, `findOutput(…, from)` and `builtInSkills` use it. Lookups also accept the
 * camelCase spelling of the same id (`"selectContent"`), which is turned into kebab-case first, so a
 * name copied from a factory (`selectContentSkill` → `"selectContent"`) finds the same skill.
 * Ids that are already kebab-case, or contain no capital letter, are returned unchanged.
 *
 * @example
 * ```ts
 * skillId("selectContent"); // "select-content"
 * skillId("select-content"); // "select-content"
 * ```
 */
export function skillId(name: string): string {
  if (!/[A-Z]/.test(name) || name.includes("-")) return name;
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, "-$1").toLowerCase();
}

/**
 * The map of skill outputs a run builds (`ctx.outputs`): keyed by skill id, and `get`/`has`
 * accept the camelCase spelling of an id as well (see {@link skillId}).
 */
export class SkillOutputs extends Map<string, unknown> {
  override get(name: string): unknown {
    return super.has(name) ? super.get(name) : super.get(skillId(name));
  }

  override has(name: string): boolean {
    return super.has(name) || super.has(skillId(name));
  }
}
