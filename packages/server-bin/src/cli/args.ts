import { parseArgs } from "node:util";

/** Exit codes of `actor-server`. */
export const EXIT = {
  /** Done, or stopped by SIGTERM/SIGINT after a graceful shutdown. */
  ok: 0,
  /** A runtime failure: the store or the HTTP port could not be opened, a second signal cut shutdown short. */
  failure: 1,
  /** Bad configuration or bad command line; nothing was started and no state written. */
  badConfig: 2,
} as const;

/** What the command line asks for. */
export interface CliArgs {
  command: "run" | "check" | "once" | "migrate" | "help" | "version";
  config: string;
  databaseUrl: string | undefined;
  discordToken: string | undefined;
  instanceId: string | undefined;
  /** Stop gracefully after this many seconds (demos, smoke tests). */
  runForSeconds: number | undefined;
}

/** The `--help` text. */
export const HELP = `actor-server — run scheduled actors from a TOML file

Usage:
  actor-server [--config actor_server.toml] [options]     run until SIGTERM/SIGINT
  actor-server --check [--config file]                    validate; print every task and its next five runs
  actor-server --once [--config file]                     run what is due now, then exit
  actor-server migrate [--config file] [--database-url]   apply the PostgreSQL migrations

Options:
  -c, --config <file>        configuration file (default: actor_server.toml)
      --database-url <url>   PostgreSQL URL; selects PostgreSQL persistence (env: DATABASE_URL)
      --discord-token <tok>  Discord bot token (env: DISCORD_TOKEN)
      --instance-id <id>     this process's id in leases and history (env: ACTOR_INSTANCE_ID; default host-pid)
      --check                validate the configuration and print the plan
      --once                 run the tasks that are due now and exit
      --run-for <seconds>    shut down gracefully after this many seconds (demos, smoke tests)
  -v, --version              print the version
  -h, --help                 print this help

Exit codes:
  0  ok (also after a graceful shutdown on SIGTERM/SIGINT)
  1  runtime failure (state store or HTTP port unavailable, shutdown cut short by a second signal)
  2  bad configuration or command line (nothing started, no state written)

Signals: SIGTERM/SIGINT shut down gracefully (a second one exits at once); SIGHUP reloads the configuration.
`;

/** A command-line mistake (exit 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Parses `argv` (without node and the script). Flags win over the environment, which fills what
 * flags leave out (`DATABASE_URL`, `DISCORD_TOKEN` are read by the config loader).
 *
 * @example
 * ```ts
 * parseCliArgs(["--check", "--config", "examples/actor_server.toml"]).command; // "check"
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      // npm/pnpm scripts pass a "--" separator through; it carries no meaning here.
      args: argv.filter((a) => a !== "--"),
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string", short: "c" },
        "database-url": { type: "string" },
        "discord-token": { type: "string" },
        "instance-id": { type: "string" },
        "run-for": { type: "string" },
        check: { type: "boolean" },
        once: { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see actor-server --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== "migrate")) {
    throw new UsageError(
      `unknown command ${JSON.stringify(positionals.join(" "))} (the only command is "migrate"; see actor-server --help)`,
    );
  }
  const chosen = [values.check && "--check", values.once && "--once", positionals[0]].filter(
    Boolean,
  );
  if (chosen.length > 1) throw new UsageError(`${chosen.join(" and ")} cannot be combined`);
  const command = values.help
    ? "help"
    : values.version
      ? "version"
      : values.check
        ? "check"
        : values.once
          ? "once"
          : positionals[0] === "migrate"
            ? "migrate"
            : "run";
  for (const [flag, value] of [
    ["--config", values.config],
    ["--database-url", values["database-url"]],
    ["--discord-token", values["discord-token"]],
    ["--instance-id", values["instance-id"]],
  ] as const) {
    if (value !== undefined && value.trim() === "") throw new UsageError(`${flag} needs a value`);
  }
  const runFor = values["run-for"];
  const runForSeconds = runFor === undefined ? undefined : Number(runFor);
  if (runForSeconds !== undefined && !(Number.isFinite(runForSeconds) && runForSeconds > 0))
    throw new UsageError(`--run-for needs a number of seconds > 0, got ${JSON.stringify(runFor)}`);
  return {
    runForSeconds,
    command,
    config: values.config ?? "actor_server.toml",
    databaseUrl: values["database-url"],
    discordToken: values["discord-token"],
    instanceId: values["instance-id"],
  };
}
