import packageJson from "../../package.json" with { type: "json" };
import { isActorError } from "@actor/core";
import { ServerProcess } from "../app/server-process.js";
import { isConfigError } from "../config/config-error.js";
import { loadConfig } from "../config/load-config.js";
import type { ServerConfig } from "../config/types.js";
import { startApiServer, type ApiServer } from "../http/api-server.js";
import { createLogger } from "../observe/logger.js";
import { createRedactor } from "../observe/redactor.js";
import { EXIT, HELP, parseCliArgs, UsageError, type CliArgs } from "./args.js";
import { checkReport } from "./check-report.js";
import { runMigrations } from "./migrate.js";
import { waitForDueRuns } from "./run-once.js";
import { handleSignals } from "./signals.js";

/** The process environment `runCli` works in (injectable for tests). */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs `actor-server` with `argv` (without node and the script) and resolves with the exit code:
 * 0 ok, 1 runtime failure, 2 bad configuration or usage. The `run` command resolves after a
 * graceful shutdown on SIGTERM/SIGINT.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`actor-server: ${error.message}\n`);
      return EXIT.badConfig;
    }
    throw error;
  }
  if (args.command === "help") return (io.stdout(HELP), EXIT.ok);
  if (args.command === "version")
    return (io.stdout(`actor-server ${packageJson.version}\n`), EXIT.ok);

  const load = () =>
    loadConfig({
      file: args.config,
      cwd: io.cwd,
      env: io.env,
      flags: {
        databaseUrl: args.databaseUrl,
        discordToken: args.discordToken,
        instanceId: args.instanceId,
      },
    });
  let config: ServerConfig;
  try {
    config = await load();
  } catch (error) {
    if (isConfigError(error)) {
      io.stderr(`actor-server: invalid configuration\n${error.message}\n`);
      return EXIT.badConfig;
    }
    throw error;
  }
  if (args.command === "check") return (io.stdout(checkReport(config, new Date())), EXIT.ok);

  const redact = createRedactor(config.secrets);
  const logger = createLogger({ level: config.server.logLevel, redact });
  if (args.command === "migrate") return runMigrations(config, logger);

  const writeConsole = process.stdout.isTTY
    ? (text: string) => io.stdout(text)
    : (text: string) => logger.info({ post: redact(text.trimEnd()) }, "console poster");
  // A signal while the store opens and the engine starts is honoured once it has started.
  let early: NodeJS.Signals | null = null;
  const onEarly = (signal: NodeJS.Signals) => void (early ??= signal);
  process.on("SIGTERM", onEarly).on("SIGINT", onEarly);
  let proc: ServerProcess;
  try {
    proc = await ServerProcess.start(config, { logger, writeConsole, reloadConfig: load });
  } catch (error) {
    process.off("SIGTERM", onEarly).off("SIGINT", onEarly);
    const message = redact(
      isActorError(error) || error instanceof Error ? error.message : String(error),
    );
    logger.error({ error: message }, "actor-server could not start");
    if (isConfigError(error)) return EXIT.badConfig;
    return EXIT.failure;
  }
  process.off("SIGTERM", onEarly).off("SIGINT", onEarly);
  if (early !== null) {
    logger.info({ signal: early }, "shutting down: the signal came during start-up");
    await proc.stop();
    logger.info({}, "actor-server stopped; state saved");
    return EXIT.ok;
  }
  let api: ApiServer | null = null;
  if (config.http && args.command !== "once") {
    try {
      api = await startApiServer({ ...config.http, process: proc, logger, redact });
    } catch (error) {
      logger.error(
        { error: redact((error as Error).message), bind: config.http.bind, port: config.http.port },
        "the HTTP API could not listen",
      );
      await proc.stop();
      return EXIT.failure;
    }
  }
  const tasks = config.actors.filter((a) => a.enabled).length;
  logger.info(
    {
      config: config.file,
      tasks,
      instanceId: proc.server.instanceId,
      ...proc.parts.summary,
      ...(api && { http: api.url }),
    },
    "actor-server started",
  );

  if (args.command === "once") {
    const done = await waitForDueRuns(
      proc,
      new Date(),
      (config.server.timeoutSeconds ?? 300) * 1000 * 2,
    );
    if (!done) logger.warn({}, "--once: runs still pending at the limit; shutting down");
    await proc.stop();
    await api?.close();
    logger.info({}, "actor-server stopped; state saved");
    return EXIT.ok;
  }
  return handleSignals({ proc, api, logger, runForSeconds: args.runForSeconds });
}

function defaultIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
