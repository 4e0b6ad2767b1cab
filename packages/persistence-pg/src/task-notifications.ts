import type { StoreLogger } from "./options.js";
import type { PgNotification, PgPoolClientLike, PgPoolLike } from "./pool-like.js";

/** What changed about a task, as announced by the database to every listening instance. */
export interface TaskChange {
  taskId: string;
  /** `paused`, `resumed`, or `due-earlier` (triggered or rescheduled to an earlier run). */
  kind: "paused" | "resumed" | "due-earlier";
}

/** Stops a subscription; resolves once the connection is given back when it was the last. */
export type Unsubscribe = () => Promise<void>;

/**
 * LISTEN on `<schema>.actor_task` over one dedicated connection, shared by all subscribers. A
 * connection lost is re-established with backoff (notifications sent meanwhile are missed: polling
 * is the backstop).
 */
export class TaskNotifications {
  readonly #listeners = new Set<(change: TaskChange) => void>();
  readonly #channel: string;
  #client: PgPoolClientLike | null = null;
  #connecting: Promise<void> | null = null;
  #closed = false;

  constructor(
    private readonly pool: PgPoolLike,
    schema: string,
    private readonly logger: StoreLogger,
  ) {
    this.#channel = `${schema}.actor_task`;
  }

  /** Adds a listener; resolves once the connection listens (rejects if it cannot connect). */
  async subscribe(listener: (change: TaskChange) => void): Promise<Unsubscribe> {
    this.#listeners.add(listener);
    try {
      await this.#ensure();
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    return async () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.#stop();
    };
  }

  /** Stops listening for good. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#stop();
  }

  #ensure(): Promise<void> {
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = await this.pool.connect();
    const onError = (error: Error) => this.#lost(client, error);
    client.on?.("notification", (message: PgNotification) => this.#deliver(message));
    client.on?.("error", onError);
    try {
      await client.query(`LISTEN "${this.#channel.replaceAll('"', '""')}"`, []);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.#client = client;
  }

  #deliver(message: PgNotification): void {
    if (message.channel !== this.#channel || !message.payload) return;
    let change: TaskChange;
    try {
      change = JSON.parse(message.payload) as TaskChange;
    } catch {
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error("a task-change listener threw", { error: String(error) });
      }
    }
  }

  #lost(client: PgPoolClientLike, error: Error): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.release(error);
    this.logger.warn("task notifications: connection lost, reconnecting", {
      reason: error.message,
    });
    void this.#reconnect(1);
  }

  async #reconnect(attempt: number): Promise<void> {
    if (this.#closed || this.#listeners.size === 0) return;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)).unref(),
    );
    try {
      await this.#ensure();
    } catch {
      void this.#reconnect(attempt + 1);
    }
  }

  async #stop(): Promise<void> {
    await this.#connecting?.catch(() => {});
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    try {
      await client.query(`UNLISTEN "${this.#channel.replaceAll('"', '""')}"`, []);
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }
}
