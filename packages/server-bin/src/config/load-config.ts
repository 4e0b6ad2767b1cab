import { hostname } from "node:os";
import { dirname, isAbsolute, resolve } from "node:path";
import { isSnowflake } from "@actor/discord";
import { isValidTimeZone } from "@actor/schedule";
import { ConfigError, type LocatedProblem } from "./config-error.js";
import { planActor } from "./actor-plan.js";
import { errorAt, problemAt, type Locator } from "./locate.js";
import { readTomlDocument } from "./read-toml.js";
import { serverFileSchema, type ServerFile } from "./schema.js";
import type { ConfigOverrides, PersistencePlan, ServerConfig } from "./types.js";
import { validateDocument } from "./validate.js";

/** Inputs of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The config file as given (`--config`); relative to `cwd`. */
  file: string;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** Expands `${VAR}` and fills the env layer. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The flags layer (wins over everything). */
  flags?: ConfigOverrides;
}

/** The defaults layer. */
export const CONFIG_DEFAULTS = {
  stateDirectory: ".actor-state",
  postgresSchema: "actor",
  poolSize: 10,
  httpBind: "127.0.0.1",
  httpPort: 8080,
  timezone: "UTC",
  logLevel: "info",
} as const;

/**
 * Reads, expands and validates `actor_server.toml` and every actor file it names, then applies the
 * layers defaults ← file ← env (`DATABASE_URL`, `DISCORD_TOKEN`, `ACTOR_INSTANCE_ID`) ← flags.
 * Imports custom modules. Starts nothing and writes nothing. Every problem is a
 * {@link ConfigError} naming the file, the TOML path and the line.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ file: "actor_server.toml", flags: { discordToken: process.env.TOKEN } });
 * for (const actor of config.actors) console.log(actor.name, actor.schedule);
 * ```
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ServerConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const path = isAbsolute(options.file) ? options.file : resolve(cwd, options.file);
  const doc = await readTomlDocument(options.file, path, env);
  const at: Locator = { file: options.file, lines: doc.lines };
  const file = validateDocument(serverFileSchema, doc.data, at, "server");
  const dir = dirname(path);
  checkSections(file, at);

  const timezone = file.server?.timezone;
  const actors = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of (file.actors ?? []).entries()) {
    const first = seen.get(entry.name.toLowerCase());
    if (first !== undefined) {
      throw errorAt(
        at,
        ["actors", index, "name"],
        `actor name "${entry.name}" is already used by actors[${first}]; names must be unique (case-insensitively)`,
      );
    }
    seen.set(entry.name.toLowerCase(), index);
    actors.push(await planActor(entry, index, { at, dir, env, timezone }));
  }

  const persistence = persistenceOf(file, dir, env, flags, at);
  const discordToken = flags.discordToken ?? nonEmpty(env["DISCORD_TOKEN"]) ?? file.discord?.token;
  if (discordToken !== undefined) checkSnowflakes(file, at);
  const http =
    file.http && file.http.enabled !== false
      ? {
          bind: file.http.bind ?? CONFIG_DEFAULTS.httpBind,
          port: file.http.port ?? CONFIG_DEFAULTS.httpPort,
          token: file.http.token,
        }
      : null;
  const s = file.server ?? {};
  const instanceId =
    flags.instanceId ??
    nonEmpty(env["ACTOR_INSTANCE_ID"]) ??
    s.instance_id ??
    `${hostname()}-${process.pid}`;
  const config: ServerConfig = {
    file: options.file,
    path,
    dir,
    server: definedOnly({
      maxTimerStepSeconds: s.check_interval_seconds,
      maxConcurrency: s.max_concurrency,
      maxConsecutiveFailures: s.max_consecutive_failures,
      shutdownTimeoutSeconds: s.shutdown_timeout_seconds,
      instanceId,
      timeoutSeconds: s.timeout_seconds,
      retries: s.retries,
      backoffBaseSeconds: s.backoff_base_seconds,
      backoffMaxSeconds: s.backoff_max_seconds,
      leaseTtlSeconds: s.lease_ttl_seconds,
      historyKeepPerTask: s.history_keep_per_task,
      historyMaxAgeDays: s.history_max_age_days,
      timezone: timezone ?? CONFIG_DEFAULTS.timezone,
      logLevel: s.log_level ?? CONFIG_DEFAULTS.logLevel,
    }) as ServerConfig["server"],
    persistence,
    discord: { token: discordToken, apiUrl: file.discord?.api_url },
    http,
    alerts: { webhookUrl: file.alerts?.webhook_url, discordChannel: file.alerts?.discord_channel },
    actors,
    secrets: [],
  };
  config.secrets = secretsOf(config);
  return config;
}

function checkSections(file: ServerFile, at: Locator): void {
  const problems: LocatedProblem[] = [];
  const tz = file.server?.timezone;
  if (tz !== undefined && !isValidTimeZone(tz))
    problems.push(
      problemAt(
        at,
        ["server", "timezone"],
        `"${tz}" is not an IANA time zone (use a name such as "Europe/Rome", "America/New_York" or "UTC")`,
      ),
    );
  const p = file.persistence;
  if (p !== undefined) {
    const type = p.type ?? (p.url !== undefined ? "postgres" : "json");
    const foreign =
      type === "json" ? (["url", "schema", "pool_size"] as const) : (["directory"] as const);
    for (const key of foreign) {
      if (p[key] !== undefined)
        problems.push(
          problemAt(
            at,
            ["persistence", key],
            `"${key}" belongs to ${type === "json" ? 'type = "postgres"' : 'type = "json"'}, but this persistence is type = "${type}"`,
          ),
        );
    }
    if (p.url !== undefined && !/^postgres(ql)?:\/\//.test(p.url))
      problems.push(
        problemAt(
          at,
          ["persistence", "url"],
          `must be a postgres:// or postgresql:// URL, got "${redactUrl(p.url)}"`,
        ),
      );
  }
  if (
    file.http?.bind !== undefined &&
    file.http.bind !== "127.0.0.1" &&
    file.http.bind !== "::1" &&
    file.http.bind !== "localhost" &&
    file.http.token === undefined
  )
    problems.push(
      problemAt(
        at,
        ["http", "token"],
        `the API binds ${file.http.bind}, beyond this machine: set a token (mutations need it)`,
      ),
    );
  if (problems.length > 0) throw new ConfigError(problems);
}

/** With a Discord token, channel and thread ids must be real snowflakes (17 to 20 digits). */
function checkSnowflakes(file: ServerFile, at: Locator): void {
  const problems: LocatedProblem[] = [];
  for (const [i, a] of (file.actors ?? []).entries()) {
    for (const key of ["channel_id", "thread_id"] as const) {
      const id = a[key];
      if (id !== undefined && !isSnowflake(id))
        problems.push(
          problemAt(
            at,
            ["actors", i, key],
            `actor "${a.name}": "${id}" is not a Discord id (17 to 20 digits); Discord posting is configured`,
          ),
        );
    }
  }
  const alert = file.alerts?.discord_channel;
  if (alert !== undefined && !isSnowflake(alert))
    problems.push(
      problemAt(
        at,
        ["alerts", "discord_channel"],
        `"${alert}" is not a Discord id (17 to 20 digits)`,
      ),
    );
  if (problems.length > 0) throw new ConfigError(problems);
}

function persistenceOf(
  file: ServerFile,
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  flags: ConfigOverrides,
  at: Locator,
): PersistencePlan {
  const p = file.persistence ?? {};
  const url = flags.databaseUrl ?? nonEmpty(env["DATABASE_URL"]) ?? p.url;
  const type =
    flags.databaseUrl !== undefined
      ? "postgres"
      : (p.type ?? (p.url !== undefined ? "postgres" : "json"));
  if (type === "json") {
    const directory = p.directory ?? CONFIG_DEFAULTS.stateDirectory;
    return { type, directory: isAbsolute(directory) ? directory : resolve(dir, directory) };
  }
  if (url === undefined) {
    throw errorAt(
      at,
      ["persistence", "type"],
      'type = "postgres" needs a URL: set [persistence] url, DATABASE_URL or --database-url',
    );
  }
  return {
    type,
    url,
    schema: p.schema ?? CONFIG_DEFAULTS.postgresSchema,
    poolSize: p.pool_size ?? CONFIG_DEFAULTS.poolSize,
  };
}

function secretsOf(config: ServerConfig): string[] {
  const secrets = [config.discord.token, config.http?.token, config.alerts.webhookUrl];
  for (const a of config.actors) if (a.target.kind === "webhook") secrets.push(a.target.url);
  if (config.persistence.type === "postgres") {
    try {
      const password = new URL(config.persistence.url).password;
      if (password) secrets.push(decodeURIComponent(password), password);
    } catch {
      secrets.push(config.persistence.url);
    }
  }
  return secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
}

/** A URL with its password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
