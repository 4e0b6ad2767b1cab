import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** A `timestamptz` column: read as a `Date`, written as a `Date`. */
type Instant = ColumnType<Date, Date, Date>;

/** `actor_server_state`: one row per task, with its lease. */
export interface StateTable {
  task_id: string;
  actor_name: string;
  last_run: Date | null;
  next_run: Date | null;
  consecutive_failures: number;
  is_paused: boolean;
  pause_reason: "manual" | "circuit-open" | null;
  completed: boolean;
  active: boolean;
  schedule_key: string | null;
  metadata: JSONColumnType<Record<string, unknown>, string, string>;
  version: number;
  updated_at: Instant;
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

/** `actor_server_executions`: one row per attempt (or recorded skip). */
export interface ExecutionTable {
  id: Generated<string>;
  task_id: string;
  actor_name: string;
  scheduled_for: Instant;
  started_at: Instant;
  completed_at: Date | null;
  status: string;
  success: boolean;
  attempt: number;
  error_code: string | null;
  error_message: string | null;
  skills_succeeded: number;
  skills_failed: number;
  skills_skipped: number;
  instance_id: string;
  metadata: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
}

/** `post_history`: one row per posted slot. */
export interface PostTable {
  idempotency_key: string;
  task_id: string;
  actor_name: string;
  platform: string;
  destination: string;
  content_id: string | null;
  message_ids: JSONColumnType<string[], string, string>;
  posted_at: Instant;
  metadata: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
}

/** `content`: posts waiting in named queues for the `select-content` skill. */
export interface ContentTable {
  id: string;
  queue: Generated<string>;
  body: JSONColumnType<Record<string, unknown>, string, string>;
  priority: Generated<number>;
  enabled: Generated<boolean>;
  metadata: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
}

/** `actor_server_instances`: which process holds each configured instance id. */
export interface InstanceTable {
  instance_id: string;
  incarnation: string;
  host: string;
  pid: number;
  started_at: Instant;
  heartbeat_at: Instant;
  expires_at: Instant;
  stopped: boolean;
  previous: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
}

/** The store's tables, for kysely. */
export interface ActorDatabase {
  actor_server_state: StateTable;
  actor_server_executions: ExecutionTable;
  post_history: PostTable;
  content: ContentTable;
  actor_server_instances: InstanceTable;
}
