import { ConfigError, formatPath, type LocatedProblem } from "./config-error.js";
import type { TomlLines } from "./toml-lines.js";

/** A file and its line index, to turn paths into located problems. */
export interface Locator {
  file: string;
  lines: TomlLines;
}

/** A problem at `path` of the located file, with the line of the path (or of its nearest parent). */
export function problemAt(
  at: Locator,
  path: readonly (string | number)[],
  problem: string,
): LocatedProblem {
  const line = at.lines.lineOf(path);
  return {
    location: { file: at.file, path: formatPath(path), ...(line === undefined ? {} : { line }) },
    problem,
  };
}

/** A {@link ConfigError} with one problem at `path`. */
export function errorAt(
  at: Locator,
  path: readonly (string | number)[],
  problem: string,
  cause?: unknown,
): ConfigError {
  return new ConfigError([problemAt(at, path, problem)], cause === undefined ? {} : { cause });
}
