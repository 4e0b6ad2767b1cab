import { ActorError } from "@actor/core";
import type { DiscordContent } from "./discord-content.js";
import { DISCORD_LIMITS } from "./limits.js";
import { draftMessage, type MessageDraft } from "./message-body.js";
import { splitMessageText } from "./split-message-text.js";
import { describeViolations, findLimitViolations } from "./violations.js";

/** How long text is handled: `false` rejects text over the limit; otherwise it is split. */
export type SplitOption = boolean | { maxLength?: number };

/**
 * Turns content into the messages to send, every one within Discord's limits: long text is split
 * on paragraph, line, word or grapheme boundaries when `split` allows (embeds and files go with
 * the last part). Anything over a limit is `ActorError("validation")` listing every broken limit,
 * before a single request is made.
 */
export function prepareMessages(
  content: DiscordContent,
  split: SplitOption,
  destination: string,
): MessageDraft[] {
  const draft = draftMessage(content);
  const maxLength =
    typeof split === "object"
      ? (split.maxLength ?? DISCORD_LIMITS.content)
      : DISCORD_LIMITS.content;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > DISCORD_LIMITS.content) {
    throw new ActorError(
      "invalid-config",
      `split.maxLength must be an integer from 1 to ${DISCORD_LIMITS.content}, got ${maxLength}`,
      {
        context: { platform: "discord" },
      },
    );
  }
  const parts =
    split !== false && draft.content.length > maxLength
      ? splitMessageText(draft.content, maxLength).map((text, i, all): MessageDraft =>
          i === all.length - 1
            ? { ...draft, content: text }
            : { content: text, embeds: [], files: [] },
        )
      : [draft];
  for (const part of parts) {
    const violations = findLimitViolations({
      content: part.content,
      embeds: part.embeds,
      fileCount: part.files.length,
    });
    if (violations.length > 0) {
      const hint = violations.some(
        (v) => v.path[0] === "content" && v.code === "BASE_TYPE_MAX_LENGTH",
      )
        ? " (enable the poster's split option to send several messages)"
        : "";
      throw new ActorError(
        "validation",
        `the message to Discord ${destination} breaks Discord's limits: ${describeViolations(violations)}${hint}`,
        {
          context: { platform: "discord", destination, violations },
        },
      );
    }
  }
  return parts;
}
