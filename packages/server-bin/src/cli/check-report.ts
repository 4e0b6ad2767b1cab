import { describe, preview } from "@actor/schedule";
import { redactUrl } from "../config/load-config.js";
import type { ActorTarget, ServerConfig } from "../config/types.js";

/**
 * The `--check` report: where state goes, which poster and API, then every task with its schedule
 * in words and its next five runs from `now`. Secrets are never printed.
 *
 * @example
 * ```ts
 * process.stdout.write(checkReport(await loadConfig({ file: "actor_server.toml" }), new Date()));
 * ```
 */
export function checkReport(config: ServerConfig, now: Date): string {
  const out: string[] = [`${config.file}: configuration is valid`];
  const p = config.persistence;
  out.push(
    `  persistence: ${p.type === "json" ? `json, ${p.directory}` : `postgres, ${redactUrl(p.url)} (schema ${p.schema}, pool ${p.poolSize})`}`,
  );
  out.push(
    `  poster:      ${config.discord.token !== undefined ? "discord bot (token set)" : "console (no Discord token: posts are printed)"}`,
  );
  out.push(
    `  http:        ${config.http ? `http://${config.http.bind}:${config.http.port} (${config.http.token ? "token set" : "no token: read-only"})` : "off"}`,
  );
  out.push(`  instance:    ${config.server.instanceId ?? "?"}`);
  const enabled = config.actors.filter((a) => a.enabled).length;
  out.push(
    "",
    `${config.actors.length} task${config.actors.length === 1 ? "" : "s"} (${enabled} enabled):`,
  );
  for (const actor of config.actors) {
    out.push("", `${actor.name}${actor.enabled ? "" : " (disabled: not scheduled)"}`);
    if (actor.description) out.push(`  ${actor.description}`);
    out.push(`  schedule:    ${describe(actor.schedule)}`);
    out.push(`  destination: ${targetText(actor.target)}`);
    if (!actor.enabled) continue;
    const runs = preview(actor.schedule, now, 5, { anchor: now });
    if (runs.length === 0 && actor.schedule.type === "once") {
      const policy = actor.schedule.misfire ?? "run-once";
      out.push(
        policy === "skip"
          ? "  next runs:   none (the time has passed; misfire = skip)"
          : "  next runs:   at start, unless it already ran (the time has passed; misfire = run-once)",
      );
    } else if (runs.length === 0) out.push("  next runs:   none");
    else {
      out.push("  next runs:");
      for (const run of runs) out.push(`    ${run.toISOString()}`);
    }
  }
  return `${out.join("\n")}\n`;
}

function targetText(target: ActorTarget): string {
  switch (target.kind) {
    case "channel":
      return `channel ${target.id}`;
    case "thread":
      return `thread ${target.id}`;
    case "webhook":
      return "webhook (URL hidden)";
    case "named":
      return target.name;
    case "none":
      return "none";
  }
}
