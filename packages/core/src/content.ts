/** A media attachment referenced by URL. */
export interface MediaItem {
  url: string;
  kind: "image" | "video" | "audio" | "file";
  altText?: string;
}

/** A rich embed, in the platform-neutral shape most platforms (Discord, Slack) can map. */
export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  footer?: { text: string; iconUrl?: string };
  image?: { url: string };
  thumbnail?: { url: string };
  author?: { name: string; url?: string; iconUrl?: string };
  fields?: { name: string; value: string; inline?: boolean }[];
}

/**
 * What an actor posts. Platform posters map it to their own message shape and validate it against
 * their limits.
 *
 * @example
 * ```ts
 * const content: Content = { text: "Good morning!", media: [], metadata: { contentId: "42" } };
 * ```
 */
export interface Content {
  text?: string;
  media?: MediaItem[];
  embeds?: Embed[];
  /** Free-form data that travels with the content (source id, tags, priority...). */
  metadata?: Record<string, unknown>;
}
