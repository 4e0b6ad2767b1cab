import { isActorError, type ActorError, type ActorErrorCode } from "@actor/core";
import { expect } from "vitest";

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to reject, but it resolved");
}

/** Expects an {@link ActorError} (from any copy of core) with `code`. */
export function expectActorError(error: unknown, code: ActorErrorCode): void {
  expect(isActorError(error), `expected an ActorError, got ${String(error)}`).toBe(true);
  expect((error as ActorError).code).toBe(code);
}
