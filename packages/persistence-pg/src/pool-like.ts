import type { PostgresPoolClient } from "kysely";

/**
 * The slice of `pg`'s `Pool` this package uses, so any compatible pool (a `pg.Pool` of any 8.x
 * version, or a wrapper) plugs in without version lock-step: kysely's `PostgresPool` plus the
 * `error` event and the connection fields read for error messages.
 */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
  /** Read only to name the server in error messages (never the password). */
  readonly options?: {
    host?: string | undefined;
    port?: number | undefined;
    database?: string | undefined;
  };
}

/**
 * The slice of `pg`'s `PoolClient` this package uses: kysely's `PostgresPoolClient`, plus the
 * events of the one connection kept for LISTEN.
 */
export interface PgPoolClientLike extends PostgresPoolClient {
  release(destroy?: boolean | Error): void;
  on?(event: "notification" | "error", listener: (message: never) => void): unknown;
}

/** A `NOTIFY` message as `pg` delivers it. */
export interface PgNotification {
  channel: string;
  payload?: string | undefined;
}
