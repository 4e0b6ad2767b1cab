import { readFile } from "node:fs/promises";
import { parse, TomlError } from "smol-toml";
import { ConfigError, formatPath } from "./config-error.js";
import { expandEnv, type ExpansionProblem } from "./expand-env.js";
import { tomlLines, type TomlLines } from "./toml-lines.js";

/** A TOML file read, parsed and env-expanded. */
export interface TomlDocument {
  /** The file as the operator named it. */
  file: string;
  /** Absolute path. */
  path: string;
  data: Record<string, unknown>;
  lines: TomlLines;
}

/**
 * Reads and parses one TOML file and expands `${VAR}` references in its strings. A missing or
 * unreadable file, a syntax error (with smol-toml's line) and an unset variable are
 * {@link ConfigError}s naming the file, the TOML path and the line.
 *
 * @example
 * ```ts
 * const doc = await readTomlDocument("actor_server.toml", "/srv/actor/actor_server.toml", process.env);
 * ```
 */
export async function readTomlDocument(
  file: string,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  via?: { file: string; path: string; line?: number },
): Promise<TomlDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "the file does not exist"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory, not a file"
            : (error as Error).message;
    const location = via ?? { file, path: "" };
    throw ConfigError.at(
      location,
      `cannot read ${via ? `${file} (${path})` : path}: ${reason}`,
      error,
    );
  }
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
      throw ConfigError.at(
        { file, path: "", line: error.line },
        `TOML syntax error at column ${error.column}: ${reason}`,
        error,
      );
    }
    throw error;
  }
  const lines = tomlLines(text);
  const problems: ExpansionProblem[] = [];
  const expanded = expandEnv(data, env, problems) as Record<string, unknown>;
  if (problems.length > 0) {
    throw new ConfigError(
      problems.map((p) => {
        const line = lines.lineOf(p.path);
        return {
          location: { file, path: formatPath(p.path), ...(line === undefined ? {} : { line }) },
          problem: p.message,
        };
      }),
    );
  }
  return { file, path, data: expanded, lines };
}
