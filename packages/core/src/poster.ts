import type { Content } from "./content.js";

/** Per-post options. */
export interface PostOptions {
  /**
   * `taskId@scheduledFor`. A poster that can tell the platform to de-duplicate (Discord's nonce
   * with `enforce_nonce`) derives its token from this key.
   */
  idempotencyKey: string;
  /** Aborts the request (timeout, shutdown). */
  signal?: AbortSignal;
}

/** What a poster returns after a successful post. */
export interface PostedMessage {
  /** The platform's id of the (first) message. */
  id: string;
  /** All message ids when the content was split into several messages. */
  ids: string[];
  platform: string;
  destination: string;
  postedAt: Date;
  url?: string;
}

/**
 * Posts content to a platform. Implement it for a new platform; throw `ActorError`s whose code says
 * whether a retry can help (`rate-limited`, `server-error`, `network` are retryable; `auth`,
 * `permission`, `not-found`, `validation` are not).
 *
 * @example
 * ```ts
 * const poster: ContentPoster = {
 *   platform: "console",
 *   canPost: () => true,
 *   async post(content, destination, { idempotencyKey }) {
 *     console.log(destination, content.text);
 *     return { id: idempotencyKey, ids: [idempotencyKey], platform: "console", destination, postedAt: new Date() };
 *   },
 * };
 * ```
 */
export interface ContentPoster<C = Content, Destination = string, Posted = PostedMessage> {
  /** A short platform name used in metrics and post history (`discord`, `console`). */
  readonly platform: string;
  post(content: C, destination: Destination, options: PostOptions): Promise<Posted>;
  /** Whether this poster can address `destination` at all (syntax, configured channels). */
  canPost(destination: Destination): boolean | Promise<boolean>;
}
