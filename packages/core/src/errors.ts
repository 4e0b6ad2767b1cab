/**
 * Every failure the project reports is an {@link ActorError} with one of these codes. Each code is
 * either retryable (the same attempt may succeed later) or permanent (retrying cannot help).
 */
export const ACTOR_ERROR_CODES = {
  /** A run or a request took longer than allowed. */
  timeout: { retryable: true },
  /** The platform asked us to slow down (HTTP 429). `context.retryAfterMs` says for how long. */
  "rate-limited": { retryable: true },
  /** The network failed (connection refused or reset, DNS, TLS). */
  network: { retryable: true },
  /** The platform failed on its side (HTTP 5xx). */
  "server-error": { retryable: true },
  /** A dependency (database, file system) is temporarily unavailable. */
  unavailable: { retryable: true },
  /** A concurrent writer changed the same record first; re-read and try again. */
  conflict: { retryable: true },
  /** Credentials are missing, wrong or revoked (HTTP 401). */
  auth: { retryable: false },
  /** The credentials are valid but not allowed to do this (HTTP 403). */
  permission: { retryable: false },
  /** The thing addressed does not exist: a task, an actor, a channel (HTTP 404). */
  "not-found": { retryable: false },
  /** The configuration is invalid: a schedule, a time zone, an option. */
  "invalid-config": { retryable: false },
  /** The content or an argument is invalid (HTTP 400, message too long, ...). */
  validation: { retryable: false },
  /** Something with the same identity exists already (a registered actor, a posted slot). */
  duplicate: { retryable: false },
  /** The work was cancelled through its `AbortSignal` (shutdown, manual abort). */
  aborted: { retryable: false },
  /** Stored state cannot be read (a truncated or corrupt file, an unknown schema version). */
  "corrupt-state": { retryable: false },
  /** The operation is not allowed in the current state (a paused task, a stopped server). */
  "invalid-state": { retryable: false },
  /** A bug or an error of unknown kind. Not retried. */
  internal: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

/** The closed set of error codes; match on it rather than on `instanceof`. */
export type ActorErrorCode = keyof typeof ACTOR_ERROR_CODES;

/** What an error is about. Every field is optional; fill in what is known. Never put secrets here. */
export interface ActorErrorContext {
  taskId?: string;
  actorName?: string;
  skill?: string;
  platform?: string;
  /** HTTP status, when the error came from an HTTP response. */
  status?: number;
  /** How long the other side asked us to wait before retrying. */
  retryAfterMs?: number;
  /** Where a configuration error was found: a file path and a key path such as `actors[2].schedule`. */
  file?: string;
  key?: string;
  [extra: string]: unknown;
}

/** Options of the {@link ActorError} constructor. */
export interface ActorErrorOptions {
  cause?: unknown;
  context?: ActorErrorContext;
  /** Overrides the code's default retryability (e.g. a 5xx that is known to be permanent). */
  retryable?: boolean;
}

/**
 * The one error class of the project, with a closed {@link ActorErrorCode}, a `cause` and context.
 *
 * @example
 * ```ts
 * throw new ActorError("rate-limited", "Discord asked to wait 2s", { context: { retryAfterMs: 2000 } });
 *
 * try { await poster.post(content, channel, opts); }
 * catch (e) { if (isActorError(e) && e.retryable) scheduleRetry(); }
 * ```
 */
export class ActorError extends Error {
  override readonly name = "ActorError";
  readonly code: ActorErrorCode;
  readonly retryable: boolean;
  readonly context: ActorErrorContext;

  constructor(code: ActorErrorCode, message: string, options: ActorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ACTOR_ERROR_CODES[code].retryable;
    this.context = options.context ?? {};
  }

  /**
   * Turns anything thrown into an `ActorError`: an `ActorError` (from any copy of this package) is
   * returned as is; an `AbortError`/`TimeoutError` becomes `aborted`/`timeout`; common Node
   * network error codes become `network`; everything else becomes `internal`.
   */
  static from(error: unknown, context: ActorErrorContext = {}): ActorError {
    if (error instanceof ActorError) return error;
    if (isActorError(error)) {
      return new ActorError(error.code, error.message, {
        cause: error,
        context: { ...error.context, ...context },
        retryable: error.retryable,
      });
    }
    if (error instanceof Error) {
      if (error.name === "TimeoutError")
        return new ActorError("timeout", error.message, { cause: error, context });
      if (error.name === "AbortError")
        return new ActorError("aborted", error.message, { cause: error, context });
      const sysCode = (error as { code?: unknown }).code;
      if (typeof sysCode === "string" && NETWORK_CODES.has(sysCode)) {
        return new ActorError("network", error.message, { cause: error, context });
      }
      return new ActorError("internal", error.message, { cause: error, context });
    }
    return new ActorError("internal", String(error), { cause: error, context });
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * True for an {@link ActorError} from any copy of this package (matches by `name` and `code`, so two
 * installed versions interoperate).
 */
export function isActorError(error: unknown): error is ActorError {
  if (error instanceof ActorError) return true;
  if (!(error instanceof Error) || error.name !== "ActorError") return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && Object.hasOwn(ACTOR_ERROR_CODES, code);
}

/** True when retrying may help: an {@link ActorError} marked retryable. Unknown errors are not. */
export function isRetryable(error: unknown): boolean {
  return isActorError(error) && error.retryable;
}
