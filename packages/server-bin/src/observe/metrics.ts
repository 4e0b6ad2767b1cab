import type { ExecutionRecord, TaskStatus } from "@actor/core";
import type { RunFinishEvent, RunSkipEvent } from "@actor/runtime";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The Prometheus metrics of one server, in a registry of its own (no global state):
 * `actor_executions_total{actor,status}`, `actor_execution_duration_seconds{actor}`,
 * `actor_tasks_scheduled`, `actor_tasks_paused`, `actor_posts_total{platform}`,
 * `actor_rate_limited_total`, plus prom-client's process metrics (`process_*`, `nodejs_*`).
 *
 * @example
 * ```ts
 * const metrics = new ServerMetrics(() => server.listTasks());
 * server.on("run:finish", (e) => metrics.runFinished(e));
 * res.end(await metrics.render());
 * ```
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #executions: Counter<"actor" | "status">;
  readonly #duration: Histogram<"actor">;
  readonly #posts: Counter<"platform">;
  readonly #rateLimited: Counter;

  constructor(tasks: () => Promise<readonly TaskStatus[]>) {
    const registers = [this.registry];
    this.#executions = new Counter({
      name: "actor_executions_total",
      help: "Finished executions (attempts and recorded skips) by actor and status.",
      labelNames: ["actor", "status"],
      registers,
    });
    this.#duration = new Histogram({
      name: "actor_execution_duration_seconds",
      help: "Duration of finished attempts, by actor.",
      labelNames: ["actor"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.#posts = new Counter({
      name: "actor_posts_total",
      help: "Messages posted, by platform.",
      labelNames: ["platform"],
      registers,
    });
    this.#rateLimited = new Counter({
      name: "actor_rate_limited_total",
      help: "Posts refused by the platform with a rate limit (429) and runs held back by a rate-limit skill.",
      registers,
    });
    let snapshot: Promise<readonly TaskStatus[]> | null = null;
    const read = () => (snapshot ??= tasks().finally(() => setImmediate(() => (snapshot = null))));
    new Gauge({
      name: "actor_tasks_scheduled",
      help: "Active tasks that have a next run and are not paused.",
      registers,
      async collect() {
        const list = await read().catch(() => []);
        this.set(
          list.filter((t) => t.active && !t.paused && !t.completed && t.nextRun !== null).length,
        );
      },
    });
    new Gauge({
      name: "actor_tasks_paused",
      help: "Active tasks that are paused (by hand or by the circuit breaker).",
      registers,
      async collect() {
        const list = await read().catch(() => []);
        this.set(list.filter((t) => t.active && t.paused).length);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a finished attempt and its duration. */
  runFinished(event: RunFinishEvent): void {
    this.#executions.inc({ actor: event.actorName, status: event.status });
    this.#duration.observe({ actor: event.actorName }, event.durationMs / 1000);
    if (heldByRateLimit(event.record)) this.#rateLimited.inc();
  }

  /** Counts a skipped slot that was recorded as an execution. */
  runSkipped(event: RunSkipEvent): void {
    if (event.record !== null) this.#executions.inc({ actor: event.actorName, status: "skipped" });
  }

  /** Counts messages posted on a platform. */
  posted(platform: string, messages: number): void {
    this.#posts.inc({ platform }, messages);
  }

  /** Counts a 429 from a platform. */
  rateLimited(): void {
    this.#rateLimited.inc();
  }

  /** The exposition text. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

function heldByRateLimit(record: ExecutionRecord): boolean {
  const outputs = record.metadata["skips"];
  if (!Array.isArray(outputs)) return false;
  return outputs.some(
    (s) =>
      typeof s === "object" &&
      s !== null &&
      /rate-limit/.test(String((s as { skill?: unknown }).skill)) &&
      !/^halted by/.test(String((s as { reason?: unknown }).reason)),
  );
}
