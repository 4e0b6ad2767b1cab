import { ActorError } from "@actor/core";

/** Where a configuration problem was found. */
export interface ConfigLocation {
  /** The file, as the operator named it (relative paths stay relative). */
  file: string;
  /** The TOML path, e.g. `actors[1].schedule.expression`; empty for the whole file. */
  path: string;
  /** 1-based line, when known. */
  line?: number;
}

/** One problem at one place. */
export interface LocatedProblem {
  location: ConfigLocation;
  /** What is wrong and what would be accepted. */
  problem: string;
}

/**
 * Invalid configuration: an `ActorError("invalid-config")` whose message has one line per problem,
 * `<file>:<line>: <toml path>: <what is wrong and what is accepted>`. `actor-server` exits with
 * code 2 on it, before it starts anything or writes any state.
 *
 * @example
 * ```ts
 * throw new ConfigError([{ location: { file: "actor_server.toml", path: "server.max_concurrency", line: 3 }, problem: "must be at least 1, got 0" }]);
 * // actor_server.toml:3: server.max_concurrency: must be at least 1, got 0
 * ```
 */
export class ConfigError extends ActorError {
  /** Every problem found, in file order. */
  readonly problems: readonly LocatedProblem[];

  constructor(problems: readonly LocatedProblem[], options: { cause?: unknown } = {}) {
    const first = problems[0] ?? {
      location: { file: "?", path: "" },
      problem: "invalid configuration",
    };
    super(
      "invalid-config",
      problems.map((p) => `${formatLocation(p.location)}: ${p.problem}`).join("\n"),
      {
        ...(options.cause === undefined ? {} : { cause: options.cause }),
        context: { file: first.location.file, key: first.location.path, line: first.location.line },
      },
    );
    this.problems = problems;
  }

  /** One problem. */
  static at(location: ConfigLocation, problem: string, cause?: unknown): ConfigError {
    return new ConfigError([{ location, problem }], cause === undefined ? {} : { cause });
  }
}

/** `file:line: path` (line and path left out when unknown). */
export function formatLocation(location: ConfigLocation): string {
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
  return location.path === "" ? where : `${where}: ${location.path}`;
}

/** True for a {@link ConfigError}, also across two copies of this package. */
export function isConfigError(error: unknown): error is ConfigError {
  return (
    error instanceof ConfigError ||
    (error instanceof Error &&
      (error as { code?: unknown }).code === "invalid-config" &&
      Array.isArray((error as { problems?: unknown }).problems))
  );
}

/** Renders a TOML path: `["actors", 1, "schedule"]` → `actors[1].schedule`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? quoteKey(part) : `.${quoteKey(part)}`;
  }
  return out;
}

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
