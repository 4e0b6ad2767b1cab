import { ActorError, isActorError, type ActorErrorCode } from "@actor/core";

/** What the error mapping knows about the failed call. */
export interface ErrorSite {
  /** What was being done, for the message: `post to Discord channel 123…`. */
  action: string;
  destination: string;
  /** The caller's signal: an abort from it is `aborted`; any other abort is a timeout. */
  signal?: AbortSignal | undefined;
  /** The client's request timeout, for the timeout message. */
  timeoutMs: number;
  /**
   * The request cannot be de-duplicated by Discord (webhooks, forum posts): a failure that may
   * have happened after Discord stored the message is reported as not retryable, so the message
   * is posted at most once.
   */
  atMostOnce?: boolean;
  /** Keep the raw error as `cause` (false when it holds a secret, e.g. a webhook URL). */
  keepCause?: boolean;
}

interface DiscordApiErrorLike {
  status: number;
  code: number | string;
  rawError?: { message?: string; errors?: unknown };
}

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);
/** Failures that happen before the request leaves: nothing can have been posted. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Maps anything `@discordjs/rest` throws to an `ActorError` whose code tells the engine whether a
 * retry can help: 401 `auth`, 403 `permission`, 404 `not-found`, other 4xx `validation` (with
 * Discord's field errors), rate-limit rejections `rate-limited` (with `retryAfterMs`), 5xx
 * `server-error`, client timeouts `timeout`, socket failures `network`, the caller's abort
 * `aborted`. Messages name the destination and never contain a token.
 */
export function toActorError(error: unknown, site: ErrorSite): ActorError {
  if (isActorError(error)) return ActorError.from(error);
  const context = { platform: "discord", destination: site.destination };
  const cause = site.keepCause === false ? undefined : error;
  const make = (
    code: ActorErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
    retryable?: boolean,
  ) =>
    new ActorError(code, `${site.action}: ${message}`, {
      ...(cause === undefined ? {} : { cause }),
      context: { ...context, ...extra },
      ...(retryable === undefined ? {} : { retryable }),
    });
  const ambiguous = site.atMostOnce === true ? false : undefined;
  const ambiguousNote =
    site.atMostOnce === true
      ? " (not retried: Discord cannot de-duplicate this request, so a retry could post twice)"
      : "";

  if (site.signal?.aborted) return make("aborted", "aborted by the caller");
  if (!(error instanceof Error)) return make("internal", String(error));

  if (isDiscordApiError(error)) {
    const status = error.status;
    const code = Number(error.code);
    const extra = { status, discordCode: code };
    const what = `${error.rawError?.message ?? error.message} (HTTP ${status}, Discord code ${code})`;
    if (status === 401)
      return make(
        "auth",
        `Discord rejected the credentials: ${what}; check the bot token or webhook URL`,
        extra,
      );
    if (status === 403) {
      const hint =
        code === 50001
          ? "the bot cannot see this channel"
          : code === 50013
            ? "the bot lacks a permission here (Send Messages, Attach Files, Embed Links...)"
            : "forbidden";
      return make("permission", `${hint}: ${what}`, extra);
    }
    if (status === 404) {
      const thing =
        code === 10003
          ? "unknown channel"
          : code === 10015
            ? "unknown webhook"
            : code === 10008
              ? "unknown message"
              : "not found";
      return make("not-found", `${thing}: ${what}`, extra);
    }
    if (status === 429) return make("rate-limited", `rate limited: ${what}`, extra);
    const fields = fieldErrors(error.rawError?.errors);
    return make(
      "validation",
      `Discord refused the message: ${what}${fields === "" ? "" : `: ${fields}`}`,
      { ...extra, ...(fields === "" ? {} : { fieldErrors: fields }) },
    );
  }
  if (error.name === "HTTPError" && typeof (error as { status?: unknown }).status === "number") {
    const status = (error as unknown as { status: number }).status;
    return make(
      "server-error",
      `Discord answered HTTP ${status} ${error.message}${ambiguousNote}`.trim(),
      { status },
      ambiguous,
    );
  }
  if (error.name.startsWith("RateLimitError")) {
    const retryAfterMs = Math.max(
      0,
      Math.ceil(Number((error as { retryAfter?: unknown }).retryAfter) || 0),
    );
    const global = (error as { global?: unknown }).global === true;
    return make(
      "rate-limited",
      `Discord asked to wait ${retryAfterMs} ms${global ? " (global limit)" : ""}, longer than the poster waits`,
      { retryAfterMs },
    );
  }
  if (error.name === "AbortError" || error.name === "TimeoutError") {
    return make(
      "timeout",
      `no answer from Discord within ${site.timeoutMs} ms${ambiguousNote}`,
      {},
      ambiguous,
    );
  }
  const sys = systemCode(error);
  if (sys !== null && NETWORK.has(sys)) {
    return make(
      "network",
      `network failure (${sys})${NOT_SENT.has(sys) ? "" : ambiguousNote}`,
      { errno: sys },
      NOT_SENT.has(sys) ? undefined : ambiguous,
    );
  }
  if (error.message.includes("Expected token to be set"))
    return make("auth", "no bot token is set");
  return make("internal", error.message);
}

function isDiscordApiError(error: Error): error is Error & DiscordApiErrorLike {
  return (
    error.name.startsWith("DiscordAPIError") &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

function systemCode(error: Error): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return null;
}

/** Discord's nested `errors` object as `embeds.0.title: Must be 256 or fewer in length.; ...`. */
export function fieldErrors(errors: unknown, path: string[] = []): string {
  if (typeof errors !== "object" || errors === null) return "";
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    if (key === "_errors" && Array.isArray(value)) {
      const messages = value
        .map((e) => (e as { message?: unknown }).message)
        .filter((m) => typeof m === "string");
      out.push(`${path.join(".") || "body"}: ${messages.join(", ")}`);
    } else {
      const nested = fieldErrors(value, [...path, key]);
      if (nested !== "") out.push(nested);
    }
  }
  return out.join("; ");
}
