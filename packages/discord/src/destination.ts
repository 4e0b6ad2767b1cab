import { ActorError } from "@actor/core";

/**
 * Where a Discord message goes:
 * - a channel or thread id (`"123456789012345678"`, or a channel mention `"<#123456789012345678>"`);
 *   threads are channels to Discord, so a thread id posts into the thread;
 * - `"forum:<id>"` or `{ forumId }`: a new post (thread) in a forum or media channel, named by
 *   `threadName`, else the content's `metadata.threadName`, else its first line;
 * - `{ channelId }` / `{ threadId }`: the object forms of the first case.
 */
export type DiscordDestination =
  | string
  | { channelId: string }
  | { threadId: string }
  | { forumId: string; threadName?: string; tags?: string[] };

/** A destination after parsing. */
export type ParsedDestination =
  | { kind: "channel"; channelId: string; label: string }
  | { kind: "forum"; forumId: string; threadName: string | null; tags: string[]; label: string };

const SNOWFLAKE = /^\d{17,20}$/;

/** Whether `value` looks like a Discord id (17–20 digits). */
export function isSnowflake(value: unknown): value is string {
  return typeof value === "string" && SNOWFLAKE.test(value);
}

/** Parses a destination, or returns a sentence saying what is wrong with it. */
export function parseDestination(destination: unknown): ParsedDestination | string {
  if (typeof destination === "string") {
    const text = destination.trim();
    const mention = /^<#(\d+)>$/.exec(text);
    const id = mention ? mention[1]! : text;
    if (isSnowflake(id)) return { kind: "channel", channelId: id, label: id };
    const forum = /^forum:(\d+)$/.exec(text);
    if (forum && isSnowflake(forum[1]))
      return { kind: "forum", forumId: forum[1], threadName: null, tags: [], label: text };
    return `${JSON.stringify(destination)} is not a Discord destination; use a channel or thread id (17–20 digits), "<#id>" or "forum:<id>"`;
  }
  if (typeof destination !== "object" || destination === null) {
    return `${String(destination)} is not a Discord destination; use a channel id string or { channelId } / { threadId } / { forumId }`;
  }
  const d = destination as Record<string, unknown>;
  for (const key of ["channelId", "threadId"] as const) {
    if (key in d) {
      if (!isSnowflake(d[key]))
        return `${key} ${JSON.stringify(d[key])} is not a Discord id (17–20 digits)`;
      return { kind: "channel", channelId: d[key], label: d[key] };
    }
  }
  if ("forumId" in d) {
    if (!isSnowflake(d["forumId"]))
      return `forumId ${JSON.stringify(d["forumId"])} is not a Discord id (17–20 digits)`;
    const name = d["threadName"];
    if (name !== undefined && (typeof name !== "string" || name.trim() === ""))
      return `threadName must be a non-empty string, got ${JSON.stringify(name)}`;
    const tags = d["tags"] ?? [];
    if (!Array.isArray(tags) || !tags.every(isSnowflake))
      return `tags must be a list of Discord ids, got ${JSON.stringify(tags)}`;
    return {
      kind: "forum",
      forumId: d["forumId"],
      threadName: (name as string | undefined) ?? null,
      tags: tags as string[],
      label: `forum:${d["forumId"]}`,
    };
  }
  return `${JSON.stringify(destination)} is not a Discord destination; give channelId, threadId or forumId`;
}

/** Parses a destination or throws `ActorError("validation")` naming it. */
export function requireDestination(destination: unknown): ParsedDestination {
  const parsed = parseDestination(destination);
  if (typeof parsed === "string")
    throw new ActorError("validation", parsed, { context: { platform: "discord" } });
  return parsed;
}
