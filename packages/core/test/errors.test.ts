import {
  ACTOR_ERROR_CODES,
  ActorError,
  isActorError,
  isRetryable,
  type ActorErrorCode,
} from "@actor/core";
import { describe, expect, it } from "vitest";

const RETRYABLE: ActorErrorCode[] = [
  "timeout",
  "rate-limited",
  "network",
  "server-error",
  "unavailable",
  "conflict",
];

/** An error shaped like an ActorError from another installed copy of @actor/core. */
function foreignActorError(code: string): Error {
  const error = new Error(`foreign ${code}`) as Error & {
    code: string;
    retryable: boolean;
    context: object;
  };
  error.name = "ActorError";
  error.code = code;
  error.retryable = true;
  error.context = { taskId: "from-elsewhere" };
  return error;
}

describe("ActorError", () => {
  it("marks exactly timeout, rate-limited, network, server-error, unavailable and conflict retryable", () => {
    const codes = Object.keys(ACTOR_ERROR_CODES) as ActorErrorCode[];
    expect(codes).toHaveLength(16);
    for (const code of codes)
      expect(new ActorError(code, "m").retryable, code).toBe(RETRYABLE.includes(code));
  });

  it("is an Error named ActorError with code, message, cause and context", () => {
    const cause = new Error("root");
    const error = new ActorError("not-found", "no channel 42", {
      cause,
      context: { platform: "discord", status: 404 },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "ActorError",
      code: "not-found",
      message: "no channel 42",
      cause,
      context: { platform: "discord", status: 404 },
    });
    expect(new ActorError("internal", "m").context).toEqual({});
    expect("cause" in new ActorError("internal", "m")).toBe(false);
  });

  it("lets the retryable option override the code's default both ways", () => {
    expect(new ActorError("server-error", "m", { retryable: false }).retryable).toBe(false);
    expect(new ActorError("validation", "m", { retryable: true }).retryable).toBe(true);
  });
});

describe("ActorError.from", () => {
  it("returns an ActorError of this copy as the same instance", () => {
    const error = new ActorError("auth", "bad token");
    expect(ActorError.from(error, { taskId: "t" })).toBe(error);
  });

  it("maps an AbortError to aborted and a TimeoutError to timeout, keeping the cause", () => {
    const abort = new DOMException("stopped", "AbortError");
    const timeout = new DOMException("too slow", "TimeoutError");
    expect(ActorError.from(abort)).toMatchObject({
      code: "aborted",
      retryable: false,
      cause: abort,
      message: "stopped",
    });
    expect(ActorError.from(timeout)).toMatchObject({
      code: "timeout",
      retryable: true,
      cause: timeout,
    });
  });

  it("maps Node network errors such as ECONNREFUSED to network", () => {
    for (const sys of ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "UND_ERR_SOCKET"]) {
      const error = Object.assign(new Error(`connect ${sys}`), { code: sys });
      expect(ActorError.from(error), sys).toMatchObject({
        code: "network",
        retryable: true,
        cause: error,
      });
    }
  });

  it("maps any other Error and non-Error values to internal, with the given context", () => {
    const unknown = Object.assign(new Error("boom"), { code: "EWHATEVER" });
    expect(ActorError.from(unknown, { actorName: "a" })).toMatchObject({
      code: "internal",
      retryable: false,
      cause: unknown,
      context: { actorName: "a" },
    });
    expect(ActorError.from("just a string")).toMatchObject({
      code: "internal",
      message: "just a string",
      cause: "just a string",
    });
    expect(ActorError.from(undefined).code).toBe("internal");
  });

  it("rebuilds an ActorError of another copy with its code, retryability and merged context", () => {
    const foreign = foreignActorError("unavailable");
    const error = ActorError.from(foreign, { actorName: "a" });
    expect(error).toBeInstanceOf(ActorError);
    expect(error).toMatchObject({
      code: "unavailable",
      retryable: true,
      cause: foreign,
      message: "foreign unavailable",
    });
    expect(error.context).toEqual({ taskId: "from-elsewhere", actorName: "a" });
  });
});

describe("isActorError and isRetryable", () => {
  it("recognise an ActorError of another copy by name and a valid code", () => {
    expect(isActorError(new ActorError("duplicate", "m"))).toBe(true);
    expect(isActorError(foreignActorError("conflict"))).toBe(true);
    expect(isRetryable(foreignActorError("conflict"))).toBe(true);
  });

  it("reject errors named ActorError with an unknown code, plain errors and non-errors", () => {
    expect(isActorError(foreignActorError("teapot"))).toBe(false);
    expect(ActorError.from(foreignActorError("teapot")).code).toBe("internal");
    expect(isActorError(Object.assign(new Error("x"), { code: "timeout" }))).toBe(false);
    expect(isActorError({ name: "ActorError", code: "timeout" })).toBe(false);
    expect(isRetryable(new Error("network down"))).toBe(false);
    expect(isRetryable(new ActorError("validation", "m"))).toBe(false);
  });
});
