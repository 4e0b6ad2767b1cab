import type { Content } from "@actor/core";

/** A file to attach: read from `path`, or given as `data`. */
export interface DiscordFile {
  /** The file name Discord shows (`chart.png`). Default: the base name of `path`. */
  name?: string;
  /** A local file to read when posting. */
  path?: string;
  /** The bytes (or text) to attach. */
  data?: Uint8Array | string;
  contentType?: string;
  /** Alt text. */
  description?: string;
}

/** Who a message may ping (Discord's `allowed_mentions`). */
export interface DiscordAllowedMentions {
  /** Kinds parsed from the text: `"users"`, `"roles"`, `"everyone"` (also `@here`). */
  parse?: ("users" | "roles" | "everyone")[];
  /** Users that may be pinged (when `"users"` is not parsed). */
  users?: string[];
  /** Roles that may be pinged (when `"roles"` is not parsed). */
  roles?: string[];
}

/**
 * What the Discord posters send: the platform-neutral {@link Content} plus attachments. `media`
 * with a `file:` URL is attached; other media URLs are added to the text as links (Discord shows
 * a preview).
 *
 * @example
 * ```ts
 * const content: DiscordContent = { text: "Weekly chart", files: [{ path: "./chart.png" }] };
 * ```
 */
export interface DiscordContent extends Content {
  files?: DiscordFile[];
}
