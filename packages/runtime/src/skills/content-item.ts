import { createHash } from "node:crypto";
import { ActorError, type Content, type Embed, type MediaItem } from "@actor/core";
import { isRecord } from "./pipeline-data.js";

/** One post in a content queue. */
export interface ContentItem {
  /** Stable identity, recorded in the post history as `contentId`. */
  id: string;
  text?: string;
  /** Higher is posted first with `order: "priority"`. Default 0. */
  priority?: number;
  media?: MediaItem[];
  embeds?: Embed[];
  metadata?: Record<string, unknown>;
}

/** A content item as written by hand: the id may be left out (a hash of the text is used) or be a number. */
export type ContentItemInput = Omit<ContentItem, "id"> & { id?: string | number };

/**
 * Where `select-content` gets its queue. Implement it for a database table or an API; the order of
 * the returned list is the queue order.
 *
 * @example
 * ```ts
 * const source: ContentSource = { list: async () => [{ id: "1", text: "Hello" }] };
 * ```
 */
export interface ContentSource {
  list(signal: AbortSignal): Promise<ContentItem[]>;
}

/** True for an object with a `list` function. */
export function isContentSource(value: unknown): value is ContentSource {
  return isRecord(value) && typeof value["list"] === "function";
}

/**
 * A stable id for an item without one: the first 16 hex digits of the SHA-256 of its text (or of
 * its media and embeds when it has no text).
 */
export function contentHashId(item: Omit<ContentItemInput, "id">): string {
  const basis = item.text ?? JSON.stringify({ media: item.media ?? [], embeds: item.embeds ?? [] });
  return createHash("sha256").update(basis, "utf8").digest("hex").slice(0, 16);
}

/**
 * Checks raw items and gives each its id. Throws `ActorError("validation")` naming `origin` and the
 * item for a malformed item or a repeated id.
 */
export function normalizeContentItems(raw: readonly unknown[], origin: string): ContentItem[] {
  const seen = new Map<string, number>();
  return raw.map((value, index) => {
    const where = `${origin} item ${index + 1}`;
    const fail = (message: string) =>
      new ActorError("validation", `${where}: ${message}`, {
        context: { file: origin, key: `[${index}]` },
      });
    if (typeof value === "string") value = { text: value };
    if (!isRecord(value)) throw fail("must be an object with text, media or embeds");
    const { id, text, priority, media, embeds, metadata } = value;
    if (text !== undefined && typeof text !== "string") throw fail("text must be a string");
    if (priority !== undefined && (typeof priority !== "number" || !Number.isFinite(priority)))
      throw fail("priority must be a number");
    if (media !== undefined && !Array.isArray(media)) throw fail("media must be an array");
    if (embeds !== undefined && !Array.isArray(embeds)) throw fail("embeds must be an array");
    if (metadata !== undefined && !isRecord(metadata)) throw fail("metadata must be an object");
    if (text === undefined && media === undefined && embeds === undefined)
      throw fail("has no text, media or embeds");
    if (
      id !== undefined &&
      !(typeof id === "string" && id !== "") &&
      !(typeof id === "number" && Number.isFinite(id))
    ) {
      throw fail("id must be a non-empty string or a number");
    }
    const item: ContentItem = { id: id === undefined ? "" : String(id) };
    if (text !== undefined) item.text = text;
    if (priority !== undefined) item.priority = priority;
    if (media !== undefined) item.media = media as MediaItem[];
    if (embeds !== undefined) item.embeds = embeds as Embed[];
    if (metadata !== undefined) item.metadata = metadata;
    if (item.id === "") item.id = contentHashId(item);
    const first = seen.get(item.id);
    if (first !== undefined) throw fail(`repeats the id "${item.id}" of item ${first + 1}`);
    seen.set(item.id, index);
    return item;
  });
}

/** The content of an item, with `metadata.contentId` set to its id. */
export function contentOf(item: ContentItem): Content {
  const content: Content = { metadata: { ...item.metadata, contentId: item.id } };
  if (item.text !== undefined) content.text = item.text;
  if (item.media !== undefined) content.media = item.media.map((m) => ({ ...m }));
  if (item.embeds !== undefined) content.embeds = structuredClone(item.embeds);
  return content;
}
