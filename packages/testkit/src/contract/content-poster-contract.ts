import {
  isActorError,
  type ActorError,
  type ActorErrorCode,
  type Content,
  type ContentPoster,
  type PostedMessage,
} from "@actor/core";
import { afterEach, beforeEach, describe, expect, it, type TestContext } from "vitest";
import { expectActorError, rejectionOf } from "./assertions.js";

/** A post the platform refuses, and the error code it must be reported with. */
export interface RejectedPost<C, D> {
  content: C;
  destination: D;
  code: ActorErrorCode;
}

/** What a poster factory returns for one test. */
export interface PosterHarness<C = Content, D = string> {
  poster: ContentPoster<C, D, PostedMessage>;
  /** Content the poster accepts. */
  content: C;
  /** A destination the poster can post to. */
  destination: D;
  /** What `PostedMessage.destination` should say for `destination`. Default `String(destination)`. */
  destinationLabel?: string;
  /** A destination `canPost` must refuse. The `canPost` refusal test is skipped without it. */
  invalidDestination?: D;
  /**
   * Arranges a post the platform refuses (unknown channel, content too long, a planned failure) and
   * says which code it must fail with. Called inside that one test. The test is skipped without it.
   */
  rejectedPost?: () => RejectedPost<C, D> | Promise<RejectedPost<C, D>>;
  /** Runs after each test: stop the loopback server, close clients. */
  cleanup?: () => Promise<void>;
}

/** Makes a {@link PosterHarness}; called once per test with the test's vitest context. */
export type PosterFactory<C = Content, D = string> = (
  context: TestContext,
) => Promise<PosterHarness<C, D>>;

let keyCounter = 0;
const freshKey = () =>
  `contract@2026-01-01T00:00:${String(keyCounter++ % 60).padStart(2, "0")}.000Z#${keyCounter}`;

/**
 * The contract every {@link ContentPoster} passes: a platform name, well-formed `PostedMessage`s,
 * `canPost` refusals, abort through the signal, and errors that are `ActorError`s.
 *
 * @example
 * ```ts
 * describeContentPosterContract("recording", async () => ({
 *   poster: new RecordingPoster(),
 *   content: { text: "hello" },
 *   destination: "channel-1",
 *   invalidDestination: "",
 * }));
 * ```
 */
export function describeContentPosterContract<C = Content, D = string>(
  name: string,
  factory: PosterFactory<C, D>,
): void {
  describe(`ContentPoster contract: ${name}`, () => {
    let harness: PosterHarness<C, D> | undefined;
    beforeEach(async (context) => {
      harness = await factory(context);
    });
    afterEach(async () => {
      const done = harness;
      harness = undefined;
      await done?.cleanup?.();
    });
    const h = () => harness!;
    const post = (signal?: AbortSignal) =>
      h().poster.post(
        h().content,
        h().destination,
        signal ? { idempotencyKey: freshKey(), signal } : { idempotencyKey: freshKey() },
      );

    it("has a non-empty platform name", () => {
      expect(typeof h().poster.platform).toBe("string");
      expect(h().poster.platform.trim()).not.toBe("");
    });

    it("post returns a PostedMessage whose id is among its ids, with platform, destination and time", async () => {
      const message = await post();
      expect(typeof message.id).toBe("string");
      expect(message.id).not.toBe("");
      expect(message.ids.length).toBeGreaterThan(0);
      expect(message.ids).toContain(message.id);
      expect(message.ids.every((id) => typeof id === "string" && id !== "")).toBe(true);
      expect(message.platform).toBe(h().poster.platform);
      expect(message.destination).toBe(h().destinationLabel ?? String(h().destination));
      expect(message.postedAt).toBeInstanceOf(Date);
      expect(Number.isNaN(message.postedAt.getTime())).toBe(false);
    });

    it("two posts under different idempotency keys return different message ids", async () => {
      const first = await post();
      const second = await post();
      expect(second.id).not.toBe(first.id);
    });

    it("canPost accepts the harness destination", async () => {
      expect(await h().poster.canPost(h().destination)).toBe(true);
    });

    it("canPost refuses an invalid destination", async (context) => {
      const invalid = h().invalidDestination;
      if (invalid === undefined) context.skip("the harness gives no invalid destination");
      expect(await h().poster.canPost(invalid as D)).toBe(false);
    });

    it("a post with an already aborted signal rejects with ActorError aborted or timeout", async () => {
      const error = await rejectionOf(post(AbortSignal.abort()));
      expectAbortError(error);
    });

    it("aborting the signal while a post is in flight rejects with ActorError aborted or timeout", async () => {
      const controller = new AbortController();
      const pending = post(controller.signal);
      controller.abort();
      expectAbortError(await rejectionOf(pending));
    });

    it("a post the platform refuses rejects with an ActorError carrying the expected code", async (context) => {
      const arrange = h().rejectedPost;
      if (!arrange) context.skip("the harness gives no rejected post");
      const { content, destination, code } = await arrange!();
      expectActorError(
        await rejectionOf(h().poster.post(content, destination, { idempotencyKey: freshKey() })),
        code,
      );
    });
  });
}

/** Expects the ActorError an abort must produce: `aborted`, or the platform's `timeout`. */
function expectAbortError(error: unknown): void {
  expect(isActorError(error), `expected an ActorError, got ${String(error)}`).toBe(true);
  expect(["aborted", "timeout"]).toContain((error as ActorError).code);
}
