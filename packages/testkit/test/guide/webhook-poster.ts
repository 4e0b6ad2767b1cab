import {
  ActorError,
  type ActorErrorCode,
  type Content,
  type ContentPoster,
  type PostedMessage,
  type PostOptions,
} from "@actor/core";

/** Posts `{ content }` to a chat webhook URL (the destination), Discord-style. */
export class WebhookPoster implements ContentPoster<Content, string, PostedMessage> {
  readonly platform = "webhook";

  canPost(destination: string): boolean {
    return /^https?:\/\/[^\s]+$/.test(destination);
  }

  async post(content: Content, destination: string, options: PostOptions): Promise<PostedMessage> {
    if (!this.canPost(destination)) {
      throw new ActorError("validation", `not a webhook URL: ${destination}`, {
        context: { platform: this.platform },
      });
    }
    let response: Response;
    try {
      response = await fetch(destination, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": options.idempotencyKey },
        body: JSON.stringify({ content: content.text ?? "" }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      const aborted = options.signal?.aborted === true;
      throw new ActorError(
        aborted ? "aborted" : "network",
        `webhook post failed: ${String(error)}`,
        {
          cause: error,
          context: { platform: this.platform },
        },
      );
    }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ActorError(codeFor(response.status), `webhook answered ${response.status}`, {
        context: {
          platform: this.platform,
          status: response.status,
          ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      });
    }
    const { id } = (await response.json()) as { id: string };
    return { id, ids: [id], platform: this.platform, destination, postedAt: new Date() };
  }
}

/** Which error code an HTTP status is: it decides whether the engine retries. */
function codeFor(status: number): ActorErrorCode {
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server-error";
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not-found";
  return "validation";
}
