import { ActorError } from "@actor/core";
import type { ScheduleSource, ScheduleType } from "../types.js";
import { formatIssue } from "./format-issues.js";
import { quote } from "./quote.js";
import { recall, remember, signatureOf } from "./parse-memo.js";
import { scheduleSchema } from "./schedule-schema.js";

/**
 * Validates a schedule definition in any accepted spelling and returns it in canonical form
 * (a frozen object; equal inputs may share one). The cron expression is parsed and the time zone
 * checked here, so a bad config fails at load.
 *
 * @throws ActorError `invalid-config` whose message names the actor (when `source` gives it), the
 * file and key, the bad value and what is accepted; `context` carries the same fields.
 *
 * @example
 * ```ts
 * parseSchedule({ type: "Cron", expression: "0 9 * * 1-5", time_zone: "Europe/Rome" });
 * // → { type: "cron", expression: "0 9 * * 1-5", timezone: "Europe/Rome" }
 * parseSchedule({ type: "cron", expression: "0 25 * * *" }, { actorName: "news" });
 * // throws: Invalid schedule of actor "news": cron expression "0 25 * * *": hour 25 is out of range 0-23
 * ```
 */
export function parseSchedule(input: unknown, source?: ScheduleSource): ScheduleType {
  const signature = signatureOf(input);
  const known = signature === undefined ? undefined : recall(signature);
  if (known !== undefined) return known;
  // A memoisable input is parsed from a snapshot of the values its signature was made of, so a
  // getter answering differently on each read cannot store one definition under another's key.
  const snapshot = signature === undefined ? input : { ...(input as object) };
  const result = scheduleSchema.safeParse(snapshot);
  if (result.success) {
    const definition = Object.freeze(result.data);
    parsed.add(definition);
    if (signature !== undefined && signatureOf(snapshot) === signature)
      remember(signature, definition);
    return definition;
  }
  const problems = result.error.issues.map((issue) => formatIssue(issue, snapshot));
  const first = result.error.issues[0];
  throw new ActorError("invalid-config", `${scheduleLabel(source)}: ${problems.join("; ")}`, {
    cause: result.error,
    context: {
      ...(source?.actorName !== undefined && { actorName: source.actorName }),
      ...(source?.taskId !== undefined && { taskId: source.taskId }),
      ...(source?.file !== undefined && { file: source.file }),
      ...(source?.key !== undefined && { key: source.key }),
      ...(first !== undefined &&
        first.path.length > 0 && { field: first.path.map(String).join(".") }),
      problems,
    },
  });
}

const parsed = new WeakSet<object>();

/**
 * True for a definition returned by {@link parseSchedule} (and so already validated and canonical);
 * `createSchedule` skips validating it again.
 */
export function isParsedSchedule(value: unknown): value is ScheduleType {
  return typeof value === "object" && value !== null && parsed.has(value);
}

/** `Invalid schedule of actor "news" (actors.toml, actors[0].schedule)` from what is known. */
function scheduleLabel(source: ScheduleSource | undefined): string {
  const who =
    source?.actorName !== undefined
      ? ` of actor ${quote(String(source.actorName))}`
      : source?.taskId !== undefined
        ? ` of task ${quote(String(source.taskId))}`
        : "";
  const where = [source?.file, source?.key].filter((p): p is string => p !== undefined);
  return `Invalid schedule${who}${where.length > 0 ? ` (${where.join(", ")})` : ""}`;
}
