import {
  ActorError,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type PostHistory,
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

/** Options of the {@link postSkill} skill for a poster of `Content` to string destinations. */
interface PostSkillBaseOptions<D> {
  /** Where to post. Default: the task's destination (`ctx.services.destination`). */
  destination?: D;
  /** The skill's name in the pipeline. Default "post". */
  name?: string;
}

/**
 * Options of the {@link postSkill} skill. With a poster of its own message type `C` (anything but
 * `Content`), `toMessage` is required: it turns each formatted or selected `Content` into a `C`.
 */
export type PostSkillOptions<
  C = Content,
  D = string,
  P extends PostedMessage = PostedMessage,
> = PostSkillBaseOptions<D> & {
  /** Which poster. Default: the server's poster (`ctx.services.poster`). */
  poster?: ContentPoster<C, D, P>;
} & ([Content] extends [C]
    ? {
        /** Turns the pipeline's content into the poster's message. Default: the content itself. */
        toMessage?: (content: Content) => C;
      }
    : {
        /** Turns the pipeline's content into the poster's message. */
        toMessage: (content: Content) => C;
      });

/**
 * Posts the formatted messages (or else the selected content) with the slot's idempotency key and
 * records the post in the post history. If the history already holds the slot's key, nothing is
 * posted again and the recorded message ids are returned with `duplicate: true`. Split messages are
 * posted in order with the keys `key`, `key#1`, `key#2`... and recorded as one post with all ids.
 * A destination the poster cannot address is a permanent `validation` error. A poster with its own
 * message type gets each message through `toMessage`.
 *
 * @example
 * ```ts
 * postSkill({ destination: "123456789012345678" });
 * postSkill({ poster: smsPoster, destination: "+33600000000", toMessage: (c) => ({ body: c.text ?? "" }) });
 * ```
 */
export function postSkill<C = Content, D = string, P extends PostedMessage = PostedMessage>(
  options: PostSkillOptions<C, D, P> = {} as PostSkillOptions<C, D, P>,
): Skill<PostOutput> & ServiceNeeds {
  const name = options.name ?? "post";
  if (
    options.destination !== undefined &&
    (typeof options.destination === "string"
      ? options.destination.trim() === ""
      : options.destination === null)
  ) {
    throw optionError(name, "destination", options.destination, "a non-empty destination");
  }
  const toMessage = (options as { toMessage?: (content: Content) => unknown }).toMessage;
  if (toMessage !== undefined && typeof toMessage !== "function") {
    throw optionError(
      name,
      "toMessage",
      toMessage,
      "a function from Content to the poster's message",
    );
  }

  const requires: ServiceNeed[] = [];
  if (options.poster === undefined) requires.push("poster");
  if (options.destination === undefined) requires.push("destination");
  return {
    name,
    requires,
    async run(ctx) {
      // The services are checked by shape; the message and destination types are the caller's
      // (the typed options above), so from here on the poster is handled as an untyped one.
      const { store, poster, destination } = requireServices(
        ctx,
        name,
        ["store", "poster", "destination"],
        {
          poster: options.poster as ContentPoster<unknown, unknown> | undefined,
          destination: options.destination as string | undefined,
        },
      ) as {
        store: PostHistory;
        poster: ContentPoster<unknown, unknown, PostedMessage>;
        destination: unknown;
      };

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
          `skill "${name}": the ${poster.platform} poster cannot post to "${String(destination)}"`,
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
        const payload = toMessage ? toMessage(message) : message;
        posted.push(
          await poster.post(payload, destination, { idempotencyKey, signal: ctx.signal }),
        );
      }

      const label = typeof destination === "string" ? destination : JSON.stringify(destination);
      const messageIds = posted.flatMap((p) => (p.ids.length > 0 ? p.ids : [p.id]));
      const contentId = contentIdOf(messages, selected);
      const postedAt = posted[0]?.postedAt ?? ctx.clock.now();
      const urls = posted.flatMap((p) => (p.url === undefined ? [] : [p.url]));
      await store.recordPost({
        idempotencyKey: ctx.idempotencyKey,
        taskId: ctx.taskId,
        actorName: ctx.actorName,
        platform: poster.platform,
        destination: label,
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
          destination: label,
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

/**
 * Former name of {@link postSkill}.
 *
 * @deprecated Use {@link postSkill}; built-in skill factories are named after the skill id in camelCase
 * followed by `Skill`. This alias will be removed in a future major release.
 */
export const post = postSkill;
