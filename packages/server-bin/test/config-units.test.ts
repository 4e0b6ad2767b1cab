import { describe, expect, it } from "vitest";
import { didYouMean, expandEnv, type ExpansionProblem } from "../src/index.js";
import { tomlLines } from "../src/config/toml-lines.js";

describe("${VAR} expansion", () => {
  const env = { HOST: "db.example", EMPTY: "", TOKEN: "t0k" };
  const expand = (value: unknown) => {
    const problems: ExpansionProblem[] = [];
    return { value: expandEnv(value, env, problems), problems };
  };

  it("expands set variables, defaults for unset or empty ones, and $${ as a literal", () => {
    expect(
      expand({
        a: "postgres://${HOST}/x",
        b: ["${MISSING:-fallback}", "${EMPTY:-d}", "${EMPTY}"],
        c: "$${HOST}",
        n: 3,
      }).value,
    ).toEqual({
      a: "postgres://db.example/x",
      b: ["fallback", "d", ""],
      c: "${HOST}",
      n: 3,
    });
  });

  it("reports an unset variable and a malformed reference with their paths, leaving dates alone", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const { value, problems } = expand({
      s: { t: ["ok", "${NOPE}"] },
      u: "${bad name}",
      v: "${TOKEN",
      at,
    });
    expect(problems).toEqual([
      {
        path: ["s", "t", 1],
        message: "environment variable NOPE is not set (set it, or write ${NOPE:-default})",
      },
      {
        path: ["u"],
        message: '"${bad name}" is not a variable reference (write ${NAME} or ${NAME:-default})',
      },
      {
        path: ["v"],
        message: 'unterminated "${" (write ${NAME} or ${NAME:-default}; $${ for a literal "${")',
      },
    ]);
    expect((value as { at: Date }).at).toBe(at);
  });
});

describe("TOML line index", () => {
  const text = `# comment
[server]
max_concurrency = 2

[[actors]]
name = "a"
skills = [
  { use = "format", template = """
multi
line""" },
  { use = "post" },
]
[actors.schedule]
type = "cron"

[[actors]]
name = "b"
"quoted.key" = 1
inline = { x = 1, y = { z = 2 } }
`;
  const lines = tomlLines(text);

  it("finds keys, tables, array-of-tables entries, inline arrays and tables", () => {
    expect(lines.lineOf(["server", "max_concurrency"])).toBe(3);
    expect(lines.lineOf(["actors", 0])).toBe(5);
    expect(lines.lineOf(["actors", 0, "skills", 1, "use"])).toBe(11);
    expect(lines.lineOf(["actors", 0, "schedule", "type"])).toBe(14);
    expect(lines.lineOf(["actors", 1, "name"])).toBe(17);
    expect(lines.lineOf(["actors", 1, "quoted.key"])).toBe(18);
    expect(lines.lineOf(["actors", 1, "inline", "y", "z"])).toBe(19);
  });

  it("falls back to the nearest parent for a missing key", () => {
    expect(lines.lineOf(["actors", 0, "schedule", "expression"])).toBe(13);
    expect(lines.lineOf(["nowhere"])).toBeUndefined();
  });
});

describe("did you mean", () => {
  it("suggests close keys across case and separators, and nothing for unrelated words", () => {
    expect(didYouMean("max_concurency", ["max_concurrency", "timezone"])).toBe("max_concurrency");
    expect(didYouMean("maxConcurrency", ["max_concurrency", "timezone"])).toBe("max_concurrency");
    expect(didYouMean("tokn", ["token", "bind", "port"])).toBe("token");
    expect(didYouMean("frobnicate", ["token", "bind", "port"])).toBeUndefined();
  });
});
