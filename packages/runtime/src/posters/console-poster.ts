import {
  ActorError,
  systemClock,
  type Clock,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type PostOptions,
} from "@actor/core";

/** Options of {@link ConsolePoster}. */
export interface ConsolePosterOptions {
  /** Where the output goes. Default: standard output. */
  write?: (text: string) => void;
  /** Stamps `postedAt`. Default: the system clock. */
  clock?: Clock;
}

/**
 * A `ContentPoster` that prints what would be posted instead of posting it: the destination, the
 * idempotency key, the text, media and embeds. Its message id is `console:<idempotencyKey>`, so the
 * same slot always gets the same id. Any non-empty destination is accepted. `actor-server` uses it
 * when no platform credentials are configured.
 *
 * @example
 * ```ts
 * const poster = new ConsolePoster();
 * await poster.post({ text: "Hello" }, "#general", { idempotencyKey: "daily@2026-01-01T09:00:00.000Z" });
 * // [console] #general (daily@2026-01-01T09:00:00.000Z)
 * // Hello
 * ```
 */
export class ConsolePoster implements ContentPoster {
  readonly platform = "console";
  readonly #write: (text: string) => void;
  readonly #clock: Clock;

  constructor(options: ConsolePosterOptions = {}) {
    this.#write = options.write ?? ((text) => void process.stdout.write(text));
    this.#clock = options.clock ?? systemClock;
  }

  canPost(destination: string): boolean {
    return typeof destination === "string" && destination.trim() !== "";
  }

  async post(content: Content, destination: string, options: PostOptions): Promise<PostedMessage> {
    options.signal?.throwIfAborted();
    if (!this.canPost(destination)) {
      throw new ActorError(
        "validation",
        `the console poster needs a non-empty destination, got ${JSON.stringify(destination)}`,
        {
          context: { platform: this.platform },
        },
      );
    }
    this.#write(render(content, destination, options.idempotencyKey));
    const id = `console:${options.idempotencyKey}`;
    return { id, ids: [id], platform: this.platform, destination, postedAt: this.#clock.now() };
  }
}

function render(content: Content, destination: string, key: string): string {
  const lines = [`[console] ${destination} (${key})`];
  if (content.text !== undefined && content.text !== "") lines.push(content.text);
  for (const media of content.media ?? []) {
    lines.push(
      `  [${media.kind}] ${media.url}${media.altText === undefined ? "" : ` (${media.altText})`}`,
    );
  }
  for (const embed of content.embeds ?? []) {
    const heading = [embed.title, embed.url].filter((part) => part !== undefined).join(" ");
    lines.push(`  [embed] ${heading}`.trimEnd());
    if (embed.description !== undefined) lines.push(indent(embed.description));
    for (const field of embed.fields ?? []) lines.push(`    ${field.name}: ${field.value}`);
    if (embed.footer !== undefined) lines.push(`    — ${embed.footer.text}`);
  }
  return `${lines.join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
