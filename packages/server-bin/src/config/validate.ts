import type { z } from "zod";
import { ConfigError } from "./config-error.js";
import { issueProblems } from "./format-issue.js";
import { problemAt, type Locator } from "./locate.js";
import { knownKeys } from "./schema.js";

/**
 * Validates a parsed TOML document against a zod schema; every issue becomes a located problem
 * (unknown keys with a "did you mean" hint). Throws one {@link ConfigError} listing them all.
 */
export function validateDocument<S extends z.ZodType>(
  schema: S,
  data: unknown,
  at: Locator,
  root: "server" | "actor",
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    issueProblems(issue, data, (path) => knownKeys(path, root)).map((p) =>
      problemAt(at, p.path, p.problem),
    ),
  );
  problems.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  throw new ConfigError(problems);
}
