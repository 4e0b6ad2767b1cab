import type { Actor } from "@actor/core";
import type { ServerOptions } from "@actor/runtime";
import type { ScheduleType } from "@actor/schedule";
import type { ConfigLocation } from "./config-error.js";

/** Where an actor posts. */
export type ActorTarget =
  | { kind: "channel"; id: string }
  | { kind: "thread"; id: string }
  | { kind: "webhook"; url: string }
  | { kind: "named"; name: string }
  | { kind: "none" };

/** One configured actor, validated and built. */
export interface ActorPlan {
  name: string;
  description: string | undefined;
  enabled: boolean;
  schedule: ScheduleType;
  target: ActorTarget;
  timeoutSeconds: number | undefined;
  retries: number | undefined;
  maxConsecutiveFailures: number | undefined;
  actor: Actor;
  /** Where the `[[actors]]` entry is. */
  location: ConfigLocation;
}

/** Where state is kept. */
export type PersistencePlan =
  | { type: "json"; directory: string }
  | { type: "postgres"; url: string; schema: string; poolSize: number };

/** The whole configuration after defaults ← file ← env ← flags. */
export interface ServerConfig {
  /** The config file as named, and its absolute path and directory. */
  file: string;
  path: string;
  dir: string;
  server: ServerOptions & { timezone: string; logLevel: string };
  persistence: PersistencePlan;
  discord: { token: string | undefined; apiUrl: string | undefined };
  /** Null when `[http]` is absent or `enabled = false`. */
  http: { bind: string; port: number; token: string | undefined } | null;
  alerts: { webhookUrl: string | undefined; discordChannel: string | undefined };
  actors: ActorPlan[];
  /** Every secret value (tokens, webhook URLs, database passwords), for redaction. */
  secrets: string[];
}

/** Command-line and environment inputs that override the file. */
export interface ConfigOverrides {
  databaseUrl?: string | undefined;
  discordToken?: string | undefined;
  instanceId?: string | undefined;
}
