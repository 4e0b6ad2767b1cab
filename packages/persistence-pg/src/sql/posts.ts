import type { PostQuery } from "@actor/core";
import { sql } from "kysely";
import type { PostRow } from "../rows.js";
import type { SqlContext } from "../tables.js";

const POST_COLUMNS = [
  "idempotency_key",
  "task_id",
  "actor_name",
  "platform",
  "destination",
  "content_id",
  "message_ids",
  "posted_at",
  "metadata",
] as const;

/** The post recorded under `key`, or null. */
export async function findPost({ db, schema }: SqlContext, key: string): Promise<PostRow | null> {
  const row = await db
    .withSchema(schema)
    .selectFrom("post_history")
    .select(POST_COLUMNS)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  return (row as PostRow | undefined) ?? null;
}

/** One post to insert, ready for parameters. */
export interface PostWrite {
  idempotencyKey: string;
  taskId: string;
  actorName: string;
  platform: string;
  destination: string;
  contentId: string | null;
  messageIdsJson: string;
  postedAt: Date;
  metadataJson: string;
}

/** Inserts a post unless its key is known; returns the inserted row, or null when it was. */
export async function insertPost({ db, t }: SqlContext, post: PostWrite): Promise<PostRow | null> {
  const { rows } = await sql<PostRow>`
    INSERT INTO ${t.posts} (idempotency_key, task_id, actor_name, platform, destination,
      content_id, message_ids, posted_at, metadata)
    VALUES (${post.idempotencyKey}, ${post.taskId}, ${post.actorName}, ${post.platform},
      ${post.destination}, ${post.contentId}, ${post.messageIdsJson}::jsonb, ${post.postedAt},
      ${post.metadataJson}::jsonb)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING ${sql.raw(POST_COLUMNS.join(", "))}
  `.execute(db);
  return rows[0] ?? null;
}

/** Posts matching `query`, newest `posted_at` first. */
export async function listPosts(
  { db, schema }: SqlContext,
  query: PostQuery,
  limit: number | null,
): Promise<PostRow[]> {
  let q = db.withSchema(schema).selectFrom("post_history").select(POST_COLUMNS);
  if (query.taskId !== undefined) q = q.where("task_id", "=", query.taskId);
  if (query.actorName !== undefined) q = q.where("actor_name", "=", query.actorName);
  if (query.destination !== undefined) q = q.where("destination", "=", query.destination);
  if (query.since !== undefined) q = q.where("posted_at", ">=", query.since);
  q = q.orderBy("posted_at", "desc").orderBy("created_at", "desc").orderBy("idempotency_key");
  if (limit !== null) q = q.limit(limit);
  return (await q.execute()) as PostRow[];
}
