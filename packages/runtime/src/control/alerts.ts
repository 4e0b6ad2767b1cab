import { ActorError } from "@actor/core";

/**
 * Sent once when a task is paused by the engine until a manual resume: its circuit opened
 * (`circuit-open`: too many failed slots in a row) or a run ignored its `AbortSignal` and is still
 * going long after its timeout (`run-hung`).
 */
export interface Alert {
  kind: "circuit-open" | "run-hung";
  taskId: string;
  actorName: string;
  consecutiveFailures: number;
  lastError: { code: string; message: string };
  at: Date;
}

/**
 * Where alerts go. The engine awaits `send` but never lets its failure stop anything: a rejected
 * send is reported as an `error` event.
 *
 * @example
 * ```ts
 * const sink: AlertSink = { async send(alert) { console.error("circuit open:", alert.taskId) } };
 * ```
 */
export interface AlertSink {
  send(alert: Alert): Promise<void>;
}

/** The slice of `fetch` the webhook sink uses. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; statusText?: string }>;

/** Options of {@link WebhookAlertSink}. */
export interface WebhookAlertSinkOptions {
  url: string;
  /** Extra headers (an `Authorization` token...). */
  headers?: Record<string, string>;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Request timeout. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Posts each alert as JSON (`at` as an ISO string) to a URL.
 *
 * @example
 * ```ts
 * const alerts = new WebhookAlertSink({ url: "https://hooks.example.com/actor", headers: { authorization: "Bearer x" } });
 * new ActorServerBuilder().store(store).alerts(alerts);
 * ```
 */
export class WebhookAlertSink implements AlertSink {
  readonly #options: WebhookAlertSinkOptions;
  readonly #fetch: FetchLike;

  constructor(options: WebhookAlertSinkOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  async send(alert: Alert): Promise<void> {
    const { url, headers = {}, timeoutMs = 10_000 } = this.#options;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await this.#fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ ...alert, at: alert.at.toISOString() }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw ActorError.from(error, { taskId: alert.taskId });
    }
    if (!response.ok) {
      const code =
        response.status >= 500
          ? "server-error"
          : response.status === 429
            ? "rate-limited"
            : "validation";
      throw new ActorError(
        code,
        `alert webhook answered ${response.status} ${response.statusText ?? ""}`.trim(),
        {
          context: { taskId: alert.taskId, status: response.status },
        },
      );
    }
  }
}
