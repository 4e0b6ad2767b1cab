import type { LimitViolation } from "../violations.js";

/** An error answer in Discord's JSON shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The JSON body Discord sends for this error. */
  body(): Record<string, unknown> {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** Discord's common error answers. */
export const API_ERRORS = {
  unauthorized: () => new ApiError(401, 0, "401: Unauthorized"),
  missingAccess: () => new ApiError(403, 50001, "Missing Access"),
  missingPermissions: () => new ApiError(403, 50013, "Missing Permissions"),
  unknownChannel: () => new ApiError(404, 10003, "Unknown Channel"),
  unknownMessage: () => new ApiError(404, 10008, "Unknown Message"),
  unknownGuild: () => new ApiError(404, 10004, "Unknown Guild"),
  unknownMember: () => new ApiError(404, 10007, "Unknown Member"),
  unknownWebhook: () => new ApiError(404, 10015, "Unknown Webhook"),
  invalidWebhookToken: () => new ApiError(401, 50027, "Invalid Webhook Token"),
  notFound: () => new ApiError(404, 0, "404: Not Found"),
  emptyMessage: () => new ApiError(400, 50006, "Cannot send an empty message"),
  nonTextChannel: () => new ApiError(400, 50008, "Cannot send messages in a non-text channel"),
  serverError: (status: number) => new ApiError(status, 0, `${status}: Internal Server Error`),
} as const;

/** A 400/50035 "Invalid Form Body" with Discord's nested `errors` object. */
export function invalidFormBody(violations: readonly LimitViolation[]): ApiError {
  const errors: Record<string, unknown> = {};
  for (const v of violations) {
    let node = errors;
    for (const key of v.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    const list = (node["_errors"] ??= []) as unknown[];
    list.push({ code: v.code, message: v.message });
  }
  return new ApiError(400, 50035, "Invalid Form Body", errors);
}
