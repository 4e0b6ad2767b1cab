import type { DiscordContent } from "./discord-content.js";
import { DISCORD_LIMITS } from "./limits.js";
import { splitMessageText } from "./split-message-text.js";

/**
 * The name of a new forum post: the destination's `threadName`, else the content's
 * `metadata.threadName`, else its first line of text or first embed title, else "Post" — cut to
 * Discord's 100 characters on a grapheme boundary.
 */
export function threadNameFor(content: DiscordContent, given: string | null): string {
  const fromMetadata = content.metadata?.["threadName"];
  const candidates = [
    given,
    typeof fromMetadata === "string" ? fromMetadata : null,
    content.text?.split("\n").find((line) => line.trim() !== ""),
    content.embeds?.[0]?.title,
  ];
  const name =
    candidates.find((c): c is string => typeof c === "string" && c.trim() !== "")?.trim() ?? "Post";
  return name.length <= DISCORD_LIMITS.threadName
    ? name
    : (splitMessageText(name, DISCORD_LIMITS.threadName)[0] ?? "Post");
}
