import type { ScheduleType } from "../types.js";
import { DEFAULT_MAX_CATCH_UP, DEFAULT_MISFIRE_POLICY } from "./misfire.js";

/**
 * A stable, readable fingerprint of a canonical definition, e.g.
 * `cron|0 9 * * 1-5|America/New_York|jitter=0|misfire=run-once|maxCatchUp=10`. Spellings that mean
 * the same schedule (extra spaces, an omitted `UTC`, omitted defaults) give the same key.
 */
export function scheduleKey(def: ScheduleType): string {
  // Joined from parts (not a template literal), so the key is one flat string rather than a tree
  // of concatenations: every task keeps its key in its state.
  const tail = [
    `jitter=${def.jitterSeconds ?? 0}`,
    `misfire=${def.misfire ?? DEFAULT_MISFIRE_POLICY}`,
    `maxCatchUp=${def.maxCatchUp ?? DEFAULT_MAX_CATCH_UP}`,
  ];
  switch (def.type) {
    case "cron":
      return [
        "cron",
        def.expression.trim().split(/\s+/).join(" "),
        def.timezone ?? "UTC",
        ...tail,
      ].join("|");
    case "interval":
      return [
        "interval",
        `${def.seconds}s`,
        def.startAt === undefined ? "anchor=first-registration" : def.startAt.toISOString(),
        ...tail,
      ].join("|");
    case "once":
      return ["once", def.at.toISOString(), ...tail].join("|");
    case "immediate":
      return ["immediate", ...tail].join("|");
  }
}
