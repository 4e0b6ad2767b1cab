import type { PostRecord } from "@actor/core";
import { describe, expect, it } from "vitest";
import { makePost } from "../builders.js";
import { at, MINUTE } from "./instants.js";
import type { StoreFixture } from "./store-harness.js";

/** PostHistory: lookup by idempotency key, first-wins recording, filtered listing. */
export function describePostContract(fx: StoreFixture): void {
  /** Posts with varied task, actor and destination, one per minute from T0 (key = `p<minute>`). */
  async function seed(): Promise<PostRecord[]> {
    const rows: [string, string, string][] = [
      ["t1", "news", "chan-a"],
      ["t2", "news", "chan-b"],
      ["t1", "news", "chan-a"],
      ["t3", "memes", "chan-a"],
      ["t2", "news", "chan-a"],
    ];
    const posts = rows.map(([taskId, actorName, destination], i) =>
      makePost({
        idempotencyKey: `p${i}`,
        taskId,
        actorName,
        destination,
        postedAt: at(i * MINUTE),
      }),
    );
    for (const post of [...posts].reverse()) await fx.store.recordPost(post);
    return posts;
  }
  const keys = (posts: readonly PostRecord[]) => posts.map((p) => p.idempotencyKey);

  describe("post history", () => {
    it("findPost returns null for a key that was never recorded", async () => {
      expect(await fx.store.findPost("t@2026-01-01T00:00:00.000Z")).toBeNull();
    });

    it("recordPost stores every field and findPost returns it by idempotency key", async () => {
      const post = makePost({
        idempotencyKey: "daily-ü@2026-03-01T09:00:00.000Z",
        taskId: "daily-ü",
        actorName: "poster 👋",
        platform: "discord",
        destination: "123456789012345678",
        contentId: "content-42",
        messageIds: ["111", "222", "333"],
        postedAt: at(1_234),
        metadata: {
          nonce: "abc",
          parts: [{ chars: 1999 }, { chars: 12 }],
          edited: null,
          text: "日本語 — ✓",
        },
      });
      expect(await fx.store.recordPost(post)).toEqual({ record: post, created: true });
      const found = await fx.store.findPost(post.idempotencyKey);
      expect(found).toEqual(post);
      expect(found!.postedAt).toBeInstanceOf(Date);
    });

    it("recordPost of a known key keeps the first record and answers created: false", async () => {
      const first = makePost({ idempotencyKey: "k", messageIds: ["first"], contentId: null });
      const second = makePost({
        idempotencyKey: "k",
        messageIds: ["second"],
        contentId: "c",
        postedAt: at(MINUTE),
      });
      await fx.store.recordPost(first);
      expect(await fx.store.recordPost(second)).toEqual({ record: first, created: false });
      expect(await fx.store.findPost("k")).toEqual(first);
      expect(await fx.store.posts()).toEqual([first]);
    });

    it("posts with no query returns every post, newest postedAt first", async () => {
      const posts = await seed();
      expect(keys(await fx.store.posts())).toEqual(keys([...posts].reverse()));
      expect(await fx.store.posts({})).toEqual([...posts].reverse());
    });

    it("posts filters by taskId, actorName and destination, alone and combined", async () => {
      await seed();
      expect(keys(await fx.store.posts({ taskId: "t1" }))).toEqual(["p2", "p0"]);
      expect(keys(await fx.store.posts({ actorName: "memes" }))).toEqual(["p3"]);
      expect(keys(await fx.store.posts({ destination: "chan-a" }))).toEqual([
        "p4",
        "p3",
        "p2",
        "p0",
      ]);
      expect(keys(await fx.store.posts({ taskId: "t2", destination: "chan-a" }))).toEqual(["p4"]);
      expect(await fx.store.posts({ taskId: "nobody" })).toEqual([]);
    });

    it("posts `since` includes posts at exactly that instant and later only", async () => {
      await seed();
      expect(keys(await fx.store.posts({ since: at(3 * MINUTE) }))).toEqual(["p4", "p3"]);
      expect(keys(await fx.store.posts({ since: at(3 * MINUTE + 1) }))).toEqual(["p4"]);
    });

    it("posts `limit` keeps the newest matches", async () => {
      await seed();
      expect(keys(await fx.store.posts({ limit: 2 }))).toEqual(["p4", "p3"]);
      expect(
        keys(await fx.store.posts({ destination: "chan-a", since: at(MINUTE), limit: 2 })),
      ).toEqual(["p4", "p3"]);
      expect(await fx.store.posts({ limit: 0 })).toEqual([]);
    });

    it("returns copies: mutating an input or a result never changes the stored post", async () => {
      const post = makePost({ idempotencyKey: "k", messageIds: ["1"], metadata: { tags: ["a"] } });
      const { record } = await fx.store.recordPost(post);
      post.messageIds.push("input");
      record.messageIds.push("result");
      (record.metadata["tags"] as string[]).push("result");
      const [listed] = await fx.store.posts();
      listed!.postedAt.setTime(0);
      expect(await fx.store.findPost("k")).toEqual(
        makePost({ idempotencyKey: "k", messageIds: ["1"], metadata: { tags: ["a"] } }),
      );
    });
  });
}
