/** A `${VAR}` that could not be expanded, with the TOML path of the string that held it. */
export interface ExpansionProblem {
  path: (string | number)[];
  message: string;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}?/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Expands `${VAR}` and `${VAR:-default}` in every string of a parsed TOML document (keys are left
 * alone; `$${` is a literal `${`). An unset variable without a default, or a malformed reference,
 * is reported as a problem naming the variable and the path; the string is left unexpanded.
 *
 * @example
 * ```ts
 * const problems: ExpansionProblem[] = [];
 * expandEnv({ discord: { token: "${DISCORD_TOKEN}" } }, { DISCORD_TOKEN: "abc" }, problems);
 * // → { discord: { token: "abc" } }
 * ```
 */
export function expandEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  problems: ExpansionProblem[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === "string") return expandString(value, env, problems, path);
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, problems, [...path, i]));
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = expandEnv(v, env, problems, [...path, key]);
    return out;
  }
  return value;
}

function expandString(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  problems: ExpansionProblem[],
  path: (string | number)[],
): string {
  if (!text.includes("${")) return text;
  return text.replace(REFERENCE, (match, body: string | undefined) => {
    if (match === "$${") return "${";
    if (!match.endsWith("}")) {
      problems.push({
        path,
        message: `unterminated "\${" (write \${NAME} or \${NAME:-default}; $\${ for a literal "\${")`,
      });
      return match;
    }
    const inner = body ?? "";
    const split = inner.indexOf(":-");
    const name = split === -1 ? inner : inner.slice(0, split);
    if (!NAME.test(name)) {
      problems.push({
        path,
        message: `"\${${inner}}" is not a variable reference (write \${NAME} or \${NAME:-default})`,
      });
      return match;
    }
    const set = env[name];
    if (split !== -1) return set === undefined || set === "" ? inner.slice(split + 2) : set;
    if (set === undefined) {
      problems.push({
        path,
        message: `environment variable ${name} is not set (set it, or write \${${name}:-default})`,
      });
      return match;
    }
    return set;
  });
}
