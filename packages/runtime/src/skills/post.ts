import {
  ActorError,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type Skill,
  type SkillContext,
} from "@actor/core";
import { optionError } from "./option-reader.js";
import {
  findOutput,
  isFormattedMessages,
  isSelectedContent,
  type PostOutput,
  type SelectedContent,
} from "./pipeline-data.js";
import { requireServices, type ServiceNeed, type ServiceNeeds } from "./services.js";

/** Options of the {@link post} skill. */
export interface PostSkillOptions {
  /** Where to post. Default: the task's destination (`ctx.services.destination`). */
  destination?: string;
  /** Which poster. Default: the server's poster (`ctx.services.poster`). */
  poster?: ContentPoster;
  /** The skill's name in the pipeline. Default "post". */
  name?: string;
}

/**
 * Posts the formatted messages (or else the selected content) with the slot's idempotency key and
 * records the post in the post history. If the history already holds the slot's key, nothing is
 * posted again and the recorded message ids are returned with `duplicate: true`. Split messages are
 * posted in order with the keys `key`, `key#1`, `key#2`... and recorded as one post with all ids.
 * A destination the poster cannot address is a permanent `validation` error.
 *
 * @example
 * ```ts
 * post({ destination: "123456789012345678" });
 * ```
 */
export function post(options: PostSkillOptions = {}): Skill<PostOutput> & ServiceNeeds {
  const name = options.name ?? "post";
  if (
    options.destination !== undefined &&
    (typeof options.destination !== "string" || options.destination.trim() === "")
  ) {
    throw optionError(name, "destination", options.destination, "a non-empty string");
  }

  const requires: ServiceNeed[] = [];
  if (options.poster === undefined) requires.push("poster");
  if (options.destination === undefined) requires.push("destination");
  return {
    name,
    requires,
    async run(ctx) {
      const { store, poster, destination } = requireServices(
        ctx,
        name,
        ["store", "poster", "destination"],
        { poster: options.poster, destination: options.destination },
      );

      const existing = await store.findPost(ctx.idempotencyKey);
      if (existing) {
        return {
          status: "succeeded",
          output: {
            duplicate: true,
            platform: existing.platform,
            destination: existing.destination,
            contentId: existing.contentId,
            messageIds: existing.messageIds,
            postedAt: existing.postedAt,
          },
        };
      }

      if (!(await poster.canPost(destination))) {
        throw new ActorError(
          "validation",
          `skill "${name}": the ${poster.platform} poster cannot post to "${destination}"`,
          {
            context: { skill: name, platform: poster.platform, destination },
          },
        );
      }
      const selected = findOutput(ctx.outputs, isSelectedContent);
      const messages = messagesToPost(ctx, name, selected);
      const posted: PostedMessage[] = [];
      for (const [i, message] of messages.entries()) {
        ctx.signal.throwIfAborted();
        const idempotencyKey = i === 0 ? ctx.idempotencyKey : `${ctx.idempotencyKey}#${i}`;
        posted.push(
          await poster.post(message, destination, { idempotencyKey, signal: ctx.signal }),
        );
      }

      const messageIds = posted.flatMap((p) => (p.ids.length > 0 ? p.ids : [p.id]));
      const contentId = contentIdOf(messages, selected);
      const postedAt = posted[0]?.postedAt ?? ctx.clock.now();
      const urls = posted.flatMap((p) => (p.url === undefined ? [] : [p.url]));
      await store.recordPost({
        idempotencyKey: ctx.idempotencyKey,
        taskId: ctx.taskId,
        actorName: ctx.actorName,
        platform: poster.platform,
        destination,
        contentId,
        messageIds,
        postedAt,
        metadata: urls.length > 0 ? { parts: messages.length, urls } : { parts: messages.length },
      });
      return {
        status: "succeeded",
        output: {
          duplicate: false,
          platform: poster.platform,
          destination,
          contentId,
          messageIds,
          postedAt,
        },
      };
    },
  };
}

function messagesToPost(
  ctx: SkillContext,
  name: string,
  selected: SelectedContent | undefined,
): Content[] {
  const formatted = findOutput(ctx.outputs, isFormattedMessages);
  if (formatted && formatted.messages.length > 0) return formatted.messages;
  if (selected) return [selected.content];
  throw new ActorError(
    "validation",
    `skill "${name}": nothing to post (no earlier skill produced content or messages)`,
    {
      context: { skill: name },
    },
  );
}

function contentIdOf(
  messages: readonly Content[],
  selected: SelectedContent | undefined,
): string | null {
  const fromMessage = messages[0]?.metadata?.["contentId"];
  if (typeof fromMessage === "string") return fromMessage;
  return selected?.id ?? null;
}
