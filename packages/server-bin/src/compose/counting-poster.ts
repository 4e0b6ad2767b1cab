import {
  isActorError,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type PostOptions,
} from "@actor/core";

/** What a {@link CountingPoster} reports to. */
export interface PostCounter {
  posted(platform: string, messages: number): void;
  rateLimited(): void;
}

/**
 * Wraps a poster to count what it posts (`actor_posts_total`) and the platform's 429s
 * (`actor_rate_limited_total`); everything else passes through unchanged.
 *
 * @example
 * ```ts
 * const poster = new CountingPoster(new ConsolePoster(), metrics);
 * ```
 */
export class CountingPoster implements ContentPoster {
  readonly platform: string;

  constructor(
    readonly inner: ContentPoster,
    readonly counter: PostCounter,
  ) {
    this.platform = inner.platform;
  }

  canPost(destination: string): boolean | Promise<boolean> {
    return this.inner.canPost(destination);
  }

  async post(content: Content, destination: string, options: PostOptions): Promise<PostedMessage> {
    try {
      const posted = await this.inner.post(content, destination, options);
      this.counter.posted(this.platform, posted.ids?.length ?? 1);
      return posted;
    } catch (error) {
      if (isActorError(error) && error.code === "rate-limited") this.counter.rateLimited();
      throw error;
    }
  }
}
