import {
  ActorError,
  isActorError,
  systemClock,
  type ActorErrorCode,
  type ActorErrorContext,
  type Clock,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type PostOptions,
} from "@actor/core";

/** One call of {@link RecordingPoster.post}, successful or not. */
export interface RecordedPost {
  content: Content;
  destination: string;
  idempotencyKey: string;
  /** When the call started, by the poster's clock. */
  at: Date;
  /** The message returned, once the call succeeded. */
  message?: PostedMessage;
  /** The error thrown, once the call failed. */
  error?: ActorError;
}

/** Options of {@link RecordingPoster}. */
export interface RecordingPosterOptions {
  /** Default `recording`. */
  platform?: string;
  /** Stamps calls and messages, and waits `latencyMs`. Default: the system clock. */
  clock?: Clock;
  /** How long each post takes, on `clock`. Default 0 (settles within the same tick of the event loop). */
  latencyMs?: number;
  /** Which destinations exist. Default: any non-empty string without whitespace. */
  accepts?: (destination: string) => boolean;
}

/** How {@link RecordingPoster.failNext} fails. */
export interface PlannedFailure {
  /** How many calls fail this way (default 1; `Infinity` for every call until `recover()`). */
  times?: number;
  message?: string;
  retryable?: boolean;
  context?: ActorErrorContext;
}

/**
 * A {@link ContentPoster} for tests of the code that posts: it records every call, can be told to
 * fail with a given {@link ActorErrorCode}, honours the abort signal and takes `latencyMs` on its
 * clock (a `FakeClock` works).
 *
 * @example
 * ```ts
 * const poster = new RecordingPoster();
 * poster.failNext("rate-limited", { context: { retryAfterMs: 2000 } });
 * await expect(poster.post({ text: "hi" }, "chan", { idempotencyKey: "t@x" })).rejects.toMatchObject({ code: "rate-limited" });
 * await poster.post({ text: "hi" }, "chan", { idempotencyKey: "t@x" });
 * poster.posted.length; // 1
 * ```
 */
export class RecordingPoster implements ContentPoster<Content, string, PostedMessage> {
  readonly platform: string;
  /** Every call in order, failed ones included. */
  readonly calls: RecordedPost[] = [];
  readonly #clock: Clock;
  readonly #latencyMs: number;
  readonly #accepts: (destination: string) => boolean;
  #failures: { code: ActorErrorCode; left: number; plan: PlannedFailure }[] = [];
  #nextId = 1;

  constructor(options: RecordingPosterOptions = {}) {
    this.platform = options.platform ?? "recording";
    this.#clock = options.clock ?? systemClock;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#accepts = options.accepts ?? ((d) => d.length > 0 && !/\s/.test(d));
  }

  /** The messages of the successful calls, in order. */
  get posted(): PostedMessage[] {
    return this.calls.flatMap((c) => (c.message ? [c.message] : []));
  }

  /** Makes the next `times` calls (default 1) fail with `code`, after any failures already planned. */
  failNext(code: ActorErrorCode, plan: PlannedFailure = {}): this {
    this.#failures.push({ code, left: plan.times ?? 1, plan });
    return this;
  }

  /** Makes every call fail with `code` until {@link recover}. */
  failAlways(code: ActorErrorCode, plan: Omit<PlannedFailure, "times"> = {}): this {
    return this.failNext(code, { ...plan, times: Number.POSITIVE_INFINITY });
  }

  /** Forgets planned failures; later calls succeed. */
  recover(): this {
    this.#failures = [];
    return this;
  }

  canPost(destination: string): boolean {
    return this.#accepts(destination);
  }

  async post(content: Content, destination: string, options: PostOptions): Promise<PostedMessage> {
    const call: RecordedPost = {
      content: structuredClone(content),
      destination,
      idempotencyKey: options.idempotencyKey,
      at: this.#clock.now(),
    };
    this.calls.push(call);
    try {
      if (this.#latencyMs > 0) await this.#clock.sleep(this.#latencyMs, options.signal);
      else await Promise.resolve();
      options.signal?.throwIfAborted();
      if (!this.#accepts(destination)) {
        throw new ActorError(
          "validation",
          `${this.platform} cannot post to destination ${JSON.stringify(destination)}`,
          {
            context: { platform: this.platform },
          },
        );
      }
      this.#throwPlannedFailure();
      const id = `${this.platform}-${this.#nextId++}`;
      call.message = {
        id,
        ids: [id],
        platform: this.platform,
        destination,
        postedAt: this.#clock.now(),
      };
      return call.message;
    } catch (error) {
      call.error = toPosterError(error, this.platform);
      throw call.error;
    }
  }

  #throwPlannedFailure(): void {
    const next = this.#failures[0];
    if (!next) return;
    next.left -= 1;
    if (next.left <= 0) this.#failures.shift();
    const { message, retryable, context } = next.plan;
    throw new ActorError(next.code, message ?? `planned ${next.code} failure`, {
      context: { platform: this.platform, ...context },
      ...(retryable === undefined ? {} : { retryable }),
    });
  }
}

/** Maps what a post threw to an ActorError: ActorErrors stay, an abort reason becomes `timeout` or `aborted`. */
function toPosterError(error: unknown, platform: string): ActorError {
  if (isActorError(error)) return ActorError.from(error);
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  return new ActorError(
    timedOut ? "timeout" : "aborted",
    `post to ${platform} ${timedOut ? "timed out" : "was aborted"}`,
    {
      cause: error,
      context: { platform },
    },
  );
}
