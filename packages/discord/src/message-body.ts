import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { ActorError, type Embed } from "@actor/core";
import type { APIEmbed } from "discord-api-types/v10";
import type { DiscordAllowedMentions, DiscordContent, DiscordFile } from "./discord-content.js";

/** A message body before files are read: Discord's JSON plus the files to attach. */
export interface MessageDraft {
  content: string;
  embeds: APIEmbed[];
  files: DiscordFile[];
}

/** The JSON body of one message, as Discord takes it. */
export interface MessageJson {
  content?: string;
  embeds?: APIEmbed[];
  allowed_mentions: DiscordAllowedMentions & { replied_user?: boolean };
  attachments?: { id: number; filename: string; description?: string }[];
  nonce?: string;
  enforce_nonce?: boolean;
}

const invalid = (message: string) =>
  new ActorError("validation", message, { context: { platform: "discord" } });

/**
 * Maps {@link DiscordContent} to a Discord message draft: text, embeds (camelCase to Discord's
 * snake_case), files, `file:` media as attachments and other media as links. Throws
 * `ActorError("validation")` for content that is not an object or has fields of the wrong type.
 */
export function draftMessage(content: DiscordContent): MessageDraft {
  if (typeof content !== "object" || content === null)
    throw invalid(`Discord content must be an object, got ${String(content)}`);
  if (content.text !== undefined && typeof content.text !== "string")
    throw invalid(`content.text must be a string, got ${typeof content.text}`);
  const links: string[] = [];
  const files: DiscordFile[] = [...(content.files ?? [])];
  for (const [i, media] of (content.media ?? []).entries()) {
    if (typeof media?.url !== "string" || media.url === "")
      throw invalid(`content.media[${i}].url must be a non-empty string`);
    if (media.url.startsWith("file:")) {
      files.push({
        path: fileURLToPath(media.url),
        ...(media.altText === undefined ? {} : { description: media.altText }),
      });
    } else {
      links.push(media.url);
    }
  }
  const text = [content.text ?? "", ...links].filter((part) => part !== "").join("\n");
  return { content: text, embeds: (content.embeds ?? []).map(toApiEmbed), files };
}

/** Discord's embed shape of a platform-neutral {@link Embed}. */
export function toApiEmbed(embed: Embed, index: number): APIEmbed {
  if (typeof embed !== "object" || embed === null)
    throw invalid(`content.embeds[${index}] must be an object`);
  const out: APIEmbed = {};
  if (embed.title !== undefined) out.title = embed.title;
  if (embed.description !== undefined) out.description = embed.description;
  if (embed.url !== undefined) out.url = embed.url;
  if (embed.color !== undefined) {
    if (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) {
      throw invalid(
        `content.embeds[${index}].color must be an integer from 0 to 0xFFFFFF, got ${embed.color}`,
      );
    }
    out.color = embed.color;
  }
  if (embed.timestamp !== undefined) {
    if (Number.isNaN(Date.parse(embed.timestamp)))
      throw invalid(
        `content.embeds[${index}].timestamp must be an ISO 8601 date, got ${JSON.stringify(embed.timestamp)}`,
      );
    out.timestamp = new Date(embed.timestamp).toISOString();
  }
  if (embed.footer)
    out.footer = {
      text: embed.footer.text,
      ...(embed.footer.iconUrl === undefined ? {} : { icon_url: embed.footer.iconUrl }),
    };
  if (embed.image) out.image = { url: embed.image.url };
  if (embed.thumbnail) out.thumbnail = { url: embed.thumbnail.url };
  if (embed.author) {
    out.author = {
      name: embed.author.name,
      ...(embed.author.url === undefined ? {} : { url: embed.author.url }),
      ...(embed.author.iconUrl === undefined ? {} : { icon_url: embed.author.iconUrl }),
    };
  }
  if (embed.fields)
    out.fields = embed.fields.map((f) => ({
      name: f.name,
      value: f.value,
      ...(f.inline === undefined ? {} : { inline: f.inline }),
    }));
  return out;
}

/** The JSON body of a draft: the text, embeds, `allowed_mentions` and the attachment list. */
export function messageJson(
  draft: MessageDraft,
  allowedMentions: DiscordAllowedMentions,
): MessageJson {
  const json: MessageJson = { allowed_mentions: { ...allowedMentions, replied_user: false } };
  if (draft.content !== "") json.content = draft.content;
  if (draft.embeds.length > 0) json.embeds = draft.embeds;
  if (draft.files.length > 0) {
    json.attachments = draft.files.map((file, id) => ({
      id,
      filename: fileName(file, id),
      ...(file.description === undefined ? {} : { description: file.description }),
    }));
  }
  return json;
}

/** The name a file is attached under. */
export function fileName(file: DiscordFile, index: number): string {
  if (file.name !== undefined && file.name !== "") return file.name;
  if (file.path !== undefined) return basename(file.path);
  return `file-${index + 1}.bin`;
}
