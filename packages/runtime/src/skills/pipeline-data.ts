import type { Content } from "@actor/core";
import { skillId } from "./skill-id.js";

/** What `select-content` outputs: the chosen item's id and its content. */
export interface SelectedContent {
  id: string;
  content: Content;
}

/** What `format` outputs: one or more messages, in posting order. */
export interface FormattedMessages {
  messages: Content[];
}

/** What `post` outputs. */
export interface PostOutput {
  /** True when the slot was already posted and nothing was sent again. */
  duplicate: boolean;
  platform: string;
  destination: string;
  /** The content item that was posted, when it came from a content queue. */
  contentId: string | null;
  /** Every message id, in posting order (several when the content was split). */
  messageIds: string[];
  postedAt: Date;
}

/** True for a {@link SelectedContent} output. */
export function isSelectedContent(value: unknown): value is SelectedContent {
  return isRecord(value) && typeof value["id"] === "string" && isRecord(value["content"]);
}

/** True for a {@link FormattedMessages} output. */
export function isFormattedMessages(value: unknown): value is FormattedMessages {
  return isRecord(value) && Array.isArray(value["messages"]) && value["messages"].every(isRecord);
}

/** True for a {@link PostOutput}. */
export function isPostOutput(value: unknown): value is PostOutput {
  return (
    isRecord(value) &&
    typeof value["duplicate"] === "boolean" &&
    Array.isArray(value["messageIds"]) &&
    value["messageIds"].every((id) => typeof id === "string")
  );
}

/** The message ids a skill output says were posted in this run (none for a duplicate). */
export function postedMessageIds(output: unknown): string[] {
  return isPostOutput(output) && !output.duplicate ? [...output.messageIds] : [];
}

/**
 * The latest earlier output that passes `test`, or the output of the skill named `from` (which
 * must pass `test`). Returns `undefined` when there is none.
 *
 * @example
 * ```ts
 * const selected = findOutput(ctx.outputs, isSelectedContent);
 * ```
 */
export function findOutput<T>(
  outputs: ReadonlyMap<string, unknown>,
  test: (value: unknown) => value is T,
  from?: string,
): T | undefined {
  if (from !== undefined) {
    const value = outputs.has(from) ? outputs.get(from) : outputs.get(skillId(from));
    return test(value) ? value : undefined;
  }
  let found: T | undefined;
  for (const value of outputs.values()) if (test(value)) found = value;
  return found;
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
