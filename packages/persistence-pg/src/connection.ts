import { ActorError } from "@actor/core";
import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { PgPoolClientLike, PgPoolLike } from "./pool-like.js";
import { hotRowTypes } from "./row-types.js";

/**
 * `host:port/database` of a connection string, without user or password, for error messages.
 * Unparsable strings are described as such, never echoed (they may hold a password).
 */
export function describeConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || process.env["PGHOST"] || "localhost";
    const port = url.port || process.env["PGPORT"] || "5432";
    const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
    return `${host}:${port}/${database}`;
  } catch {
    return "(a connection string that is not a valid URL)";
  }
}

/** `host:port/database` of a caller's pool, from what its options say. */
export function describePool(pool: PgPoolLike): string {
  const o = pool.options ?? {};
  const host = o.host ?? process.env["PGHOST"] ?? "localhost";
  const port = o.port ?? process.env["PGPORT"] ?? 5432;
  return `${host}:${port}/${o.database ?? process.env["PGDATABASE"] ?? "(default database)"}`;
}

function isPostgresUrl(text: string): boolean {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** A pool for `connectionString`; its idle-client errors are logged rather than crashing the process. */
export function createPool(
  connectionString: string,
  poolSize: number,
  onError: (error: Error) => void,
): PgPoolLike {
  if (!isPostgresUrl(connectionString)) {
    throw new ActorError(
      "invalid-config",
      "connectionString is not a valid URL: expected postgres://user:password@host:port/database",
      { context: { key: "connectionString" } },
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    application_name: "actor",
  });
  pool.on("error", onError);
  return pool as unknown as PgPoolLike;
}

/**
 * Connects once and runs `SELECT 1`. An unreachable server, a refused login or a missing database
 * becomes an `unavailable` (or `auth`) error naming `target` and the reason — never the password.
 */
export async function checkReachable(pool: PgPoolLike, target: string): Promise<void> {
  let client;
  try {
    client = await pool.connect();
    await client.query("SELECT 1", []);
  } catch (error) {
    throw connectionError(error, target);
  } finally {
    client?.release();
  }
}

/** An `ActorError` for a failed connection to `target`, with a password-free reason. */
export function connectionError(error: unknown, target: string): ActorError {
  const code = (error as { code?: unknown }).code;
  const reason = safeReason(error);
  const auth = code === "28P01" || code === "28000";
  return new ActorError(
    auth ? "auth" : "unavailable",
    `cannot connect to PostgreSQL at ${target}: ${reason}`,
    { context: { target, ...(typeof code === "string" ? { pgCode: code } : {}) } },
  );
}

/** The error's message with anything that looks like a URL's credentials removed. */
function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const text = message || (typeof code === "string" ? code : "connection failed");
  return text.replace(/\/\/[^/@\s]*@/g, "//***@");
}

const guarded = new WeakSet<object>();
const ignore = () => {};

/**
 * The mark that opens the text of a statement sent as a named prepared statement (see
 * {@link kyselyOver}): the hot batched statements, whose text never changes for a schema.
 */
export const PREPARED = "/* actor:prepared */";

/** {@link PREPARED} for the start of a `sql` template. */
export const prepared = sql.raw(PREPARED);

/**
 * Whether `client` is a `pg` client as `pg` made it, which takes `query({ name, text, values })`:
 * its `query` is its class's own, and its connection keeps parsed statements. A caller's wrapper
 * (an object or a Proxy with its own `query`) gets plain statements, as kysely sends them.
 */
function takesNamedStatements(client: object): boolean {
  const own = (client as { query?: unknown }).query;
  const inherited = (Object.getPrototypeOf(client) as { query?: unknown } | null)?.query;
  const connection = (client as { connection?: unknown }).connection;
  return (
    typeof own === "function" &&
    own === inherited &&
    typeof connection === "object" &&
    connection !== null &&
    "parsedStatements" in connection
  );
}

/** The statement name of `text`: the same on every client and for every store sharing a pool. */
function statementName(names: Map<string, string>, text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `actor_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A kysely instance over `pool` that never ends it (`destroy()` leaves the pool alone): the store
 * ends only a pool it created, and does so itself.
 *
 * With `prepare`, a statement whose text starts with {@link PREPARED} is sent by name on `pg`
 * clients: each connection parses it once, and PostgreSQL may keep its plan, where an unnamed
 * statement is planned again on every call. Planning the batched statements cost more than a
 * millisecond each, most of a lightly loaded run's time. Their rows are read with
 * {@link hotRowTypes} (a `timestamptz` parser without regular expressions).
 */
export function kyselyOver<DB>(pool: PgPoolLike, prepare = false): Kysely<DB> {
  const names = new Map<string, string>();
  const types = hotRowTypes();
  // One wrapper per pooled client, made at its first checkout.
  const wrappers = new WeakMap<object, PgPoolClientLike>();
  const wrap = (client: PgPoolClientLike): PgPoolClientLike => {
    const pgClient = client as unknown as { query(text: unknown, values?: unknown): unknown };
    return {
      // kysely hands each query a fresh array of values.
      query: (text: unknown, values?: readonly unknown[]) =>
        typeof text === "string" && text.startsWith(PREPARED)
          ? pgClient.query({ name: statementName(names, text), text, values, types })
          : pgClient.query(text, values),
      release: (destroy?: boolean) => client.release(destroy),
    } as unknown as PgPoolClientLike;
  };
  const borrowed = {
    connect: async () => {
      const client = await pool.connect();
      // A checked-out pg client emits `error` when its connection drops; the failure already
      // reaches the query's promise, so the event only needs a listener to not crash the process.
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on?.("error", ignore);
      }
      if (!prepare || !takesNamedStatements(client)) return client;
      let wrapped = wrappers.get(client);
      if (!wrapped) wrappers.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: async () => {},
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: borrowed }) });
}
