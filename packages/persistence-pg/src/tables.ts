import { sql, type Kysely, type RawBuilder } from "kysely";
import type { ActorDatabase } from "./database.js";

/** The store's tables as schema-qualified identifiers for `sql` templates. */
export interface Tables {
  readonly state: RawBuilder<unknown>;
  readonly executions: RawBuilder<unknown>;
  readonly posts: RawBuilder<unknown>;
  readonly instances: RawBuilder<unknown>;
  /** `"schema"."actor_server_executions_id_seq"` as text, for `nextval(...::regclass)`. */
  readonly executionSequence: string;
}

/** What every statement of `src/sql/` runs against: the kysely instance and the schema's tables. */
export interface SqlContext {
  readonly db: Kysely<ActorDatabase>;
  readonly schema: string;
  readonly t: Tables;
}

/** Builds the {@link SqlContext} of `schema`. `schema` is a validated plain identifier. */
export function sqlContext(db: Kysely<ActorDatabase>, schema: string): SqlContext {
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return {
    db,
    schema,
    t: {
      state: sql.id(schema, "actor_server_state"),
      executions: sql.id(schema, "actor_server_executions"),
      posts: sql.id(schema, "post_history"),
      instances: sql.id(schema, "actor_server_instances"),
      executionSequence: `${quoted(schema)}.${quoted("actor_server_executions_id_seq")}`,
    },
  };
}
