import type { APIEmbed } from "discord-api-types/v10";
import { DISCORD_LIMITS } from "./limits.js";

/** One broken Discord limit: where (`embeds.0.title`), what and by how much. */
export interface LimitViolation {
  /** Path of the offending field in the message body, e.g. `["embeds", 0, "title"]`. */
  path: (string | number)[];
  /** Discord's error code for it (`BASE_TYPE_MAX_LENGTH`, `BASE_TYPE_REQUIRED`...). */
  code: string;
  /** A message in Discord's wording. */
  message: string;
  /** The length or count found, when the limit is one. */
  actual?: number;
}

/** The parts of a message body the limits look at. */
export interface CheckedMessage {
  content?: string | undefined;
  embeds?: readonly APIEmbed[] | undefined;
  nonce?: string | number | undefined;
  /** Number of attached files. */
  fileCount?: number;
}

/**
 * Every Discord limit `message` breaks, in body order; empty when it can be sent. Lengths are
 * UTF-16 code units, which is how Discord counts.
 *
 * @example
 * ```ts
 * findLimitViolations({ content: "x".repeat(2001) });
 * // [{ path: ["content"], code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }]
 * ```
 */
export function findLimitViolations(message: CheckedMessage): LimitViolation[] {
  const found: LimitViolation[] = [];
  const tooLong = (path: LimitViolation["path"], value: unknown, limit: number) => {
    if (typeof value === "string" && value.length > limit) {
      found.push({
        path,
        code: "BASE_TYPE_MAX_LENGTH",
        message: `Must be ${limit} or fewer in length.`,
        actual: value.length,
      });
    }
    return typeof value === "string" ? value.length : 0;
  };
  tooLong(["content"], message.content, DISCORD_LIMITS.content);
  if (message.nonce !== undefined) tooLong(["nonce"], String(message.nonce), DISCORD_LIMITS.nonce);
  const embeds = message.embeds ?? [];
  if (embeds.length > DISCORD_LIMITS.embeds) {
    found.push({
      path: ["embeds"],
      code: "BASE_TYPE_MAX_LENGTH",
      message: `Must be ${DISCORD_LIMITS.embeds} or fewer in length.`,
      actual: embeds.length,
    });
  }
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    total += tooLong(["embeds", i, "title"], embed.title, DISCORD_LIMITS.embedTitle);
    total += tooLong(
      ["embeds", i, "description"],
      embed.description,
      DISCORD_LIMITS.embedDescription,
    );
    total += tooLong(
      ["embeds", i, "footer", "text"],
      embed.footer?.text,
      DISCORD_LIMITS.embedFooter,
    );
    total += tooLong(
      ["embeds", i, "author", "name"],
      embed.author?.name,
      DISCORD_LIMITS.embedAuthor,
    );
    const fields = embed.fields ?? [];
    if (fields.length > DISCORD_LIMITS.embedFields) {
      found.push({
        path: ["embeds", i, "fields"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: `Must be ${DISCORD_LIMITS.embedFields} or fewer in length.`,
        actual: fields.length,
      });
    }
    for (const [j, field] of fields.entries()) {
      for (const key of ["name", "value"] as const) {
        const value: unknown = field[key];
        if (typeof value !== "string" || value.trim() === "") {
          found.push({
            path: ["embeds", i, "fields", j, key],
            code: "BASE_TYPE_REQUIRED",
            message: "This field is required",
          });
        }
      }
      total += tooLong(
        ["embeds", i, "fields", j, "name"],
        field.name,
        DISCORD_LIMITS.embedFieldName,
      );
      total += tooLong(
        ["embeds", i, "fields", j, "value"],
        field.value,
        DISCORD_LIMITS.embedFieldValue,
      );
    }
  }
  if (total > DISCORD_LIMITS.embedTotal) {
    found.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedTotal}`,
      actual: total,
    });
  }
  if ((message.fileCount ?? 0) > DISCORD_LIMITS.files) {
    found.push({
      path: ["files"],
      code: "BASE_TYPE_MAX_LENGTH",
      message: `Must be ${DISCORD_LIMITS.files} or fewer in length.`,
      actual: message.fileCount ?? 0,
    });
  }
  const empty =
    (message.content ?? "").trim() === "" && embeds.length === 0 && (message.fileCount ?? 0) === 0;
  if (empty) {
    found.push({
      path: ["content"],
      code: "EMPTY_MESSAGE",
      message: "Cannot send an empty message",
    });
  }
  return found;
}

/** `embeds.0.title: Must be 256 or fewer in length.` — one line per violation. */
export function describeViolations(violations: readonly LimitViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.path.join(".")}: ${v.message}${v.actual === undefined ? "" : ` (got ${v.actual})`}`,
    )
    .join("; ");
}
