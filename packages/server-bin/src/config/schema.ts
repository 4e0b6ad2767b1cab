import { z } from "zod";

const positive = z.number().positive().finite();
const nonNegative = z.number().min(0).finite();
const wholeAtLeast = (min: number) => z.number().int().min(min);
const text = z.string().trim().min(1);

/** `[server]`: engine options. `check_interval_seconds` is the original server's key. */
export const serverSection = z.strictObject({
  check_interval_seconds: positive.optional(),
  max_concurrency: wholeAtLeast(1).optional(),
  max_consecutive_failures: wholeAtLeast(1).optional(),
  shutdown_timeout_seconds: nonNegative.optional(),
  timezone: text.optional(),
  instance_id: text.optional(),
  timeout_seconds: positive.optional(),
  retries: wholeAtLeast(0).optional(),
  backoff_base_seconds: nonNegative.optional(),
  backoff_max_seconds: nonNegative.optional(),
  lease_ttl_seconds: positive.optional(),
  history_keep_per_task: wholeAtLeast(1).optional(),
  history_max_age_days: positive.optional(),
  log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

/** `[persistence]`: `json` (the default) or `postgres`. */
export const persistenceSection = z.strictObject({
  type: z.enum(["json", "postgres"]).optional(),
  directory: text.optional(),
  url: text.optional(),
  schema: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "must be a PostgreSQL identifier (letters, digits, _)")
    .optional(),
  pool_size: wholeAtLeast(1).max(1000).optional(),
});

/** `[discord]`: the bot token; `api_url` points the client at another Discord-compatible API. */
export const discordSection = z.strictObject({
  token: text.optional(),
  api_url: z.url({ protocol: /^https?$/ }).optional(),
});

/** `[http]`: the control API, off unless the section is present. */
export const httpSection = z.strictObject({
  enabled: z.boolean().optional(),
  bind: text.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  token: z.string().min(16, "must be at least 16 characters").optional(),
});

/** `[alerts]`: where circuit-open alerts go. */
export const alertsSection = z.strictObject({
  webhook_url: z.url({ protocol: /^https?$/ }).optional(),
  discord_channel: z.string().regex(/^\d+$/, "must be a Discord channel id (digits)").optional(),
});

/** `execution`: the failure policy of a skill pipeline. */
export const executionSection = z.strictObject({
  stop_on_permanent: z.boolean().optional(),
  stop_on_unrecoverable: z.boolean().optional(),
  continue_on_error: z.boolean().optional(),
});

/** One inline skill: `use = "<built-in>"` or `module = "./x.js"`, plus the skill's options. */
export const inlineSkill = z.looseObject({ use: text.optional(), module: text.optional() });

const knowledge = z.union([text, z.array(text)]);

/** One `[[actors]]` entry. */
export const actorEntry = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
      "must start with a letter or digit and use only letters, digits, _ . - (it is the task id in URLs)",
    ),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  config_file: text.optional(),
  module: text.optional(),
  knowledge: knowledge.optional(),
  skills: z.array(inlineSkill).optional(),
  execution: executionSection.optional(),
  channel_id: z.string().regex(/^\d+$/, "must be a Discord channel id (digits)").optional(),
  thread_id: z.string().regex(/^\d+$/, "must be a Discord thread id (digits)").optional(),
  webhook_url: z.url({ protocol: /^https?$/ }).optional(),
  destination: text.optional(),
  schedule: z.unknown().optional(),
  timeout_seconds: positive.optional(),
  retries: wholeAtLeast(0).optional(),
  jitter_seconds: nonNegative.optional(),
  misfire: z.string().optional(),
  max_consecutive_failures: wholeAtLeast(1).optional(),
});

/** The whole `actor_server.toml`. */
export const serverFileSchema = z.strictObject({
  server: serverSection.optional(),
  persistence: persistenceSection.optional(),
  discord: discordSection.optional(),
  http: httpSection.optional(),
  alerts: alertsSection.optional(),
  actors: z.array(actorEntry).optional(),
});

/** An actor file (`actors/*.toml`): `[actor]` and one `[skills.<name>]` table per configured skill. */
export const actorFileSchema = z.strictObject({
  actor: z.strictObject({
    name: text.optional(),
    description: z.string().optional(),
    knowledge: knowledge.optional(),
    skills: z.array(text).min(1, "must list at least one skill"),
    execution: executionSection.optional(),
  }),
  skills: z
    .record(z.string(), z.looseObject({ module: text.optional(), enabled: z.boolean().optional() }))
    .optional(),
});

/** The parsed server file. */
export type ServerFile = z.output<typeof serverFileSchema>;
/** One parsed `[[actors]]` entry. */
export type ActorEntry = z.output<typeof actorEntry>;
/** A parsed actor file. */
export type ActorFile = z.output<typeof actorFileSchema>;

/** The keys accepted in each table, for "did you mean" hints. */
export function knownKeys(
  schemaPath: readonly (string | number)[],
  root: "server" | "actor",
): string[] {
  const names = schemaPath.filter((p): p is string => typeof p === "string");
  const shapes: Record<string, z.ZodObject> =
    root === "server"
      ? {
          "": serverFileSchema,
          server: serverSection,
          persistence: persistenceSection,
          discord: discordSection,
          http: httpSection,
          alerts: alertsSection,
          actors: actorEntry,
          "actors.execution": executionSection,
        }
      : {
          "": actorFileSchema,
          actor: actorFileSchema.shape.actor,
          "actor.execution": executionSection,
        };
  const shape = shapes[names.join(".")];
  return shape ? Object.keys(shape.shape) : [];
}
