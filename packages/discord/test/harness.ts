import type { ActorError } from "@actor/core";
import type { RESTOptions } from "@discordjs/rest";
import {
  startDiscordTestServer,
  type DiscordTestServer,
  type DiscordTestServerOptions,
} from "../src/testing/index.js";
import { afterEach } from "vitest";

/** Fast client settings for tests: short timeout, no offset padding. */
export const FAST_REST: Partial<RESTOptions> = { timeout: 2_000, offset: 0 };

/** Starts a test server that is closed after the test. */
export async function useServer(
  options: DiscordTestServerOptions = {},
): Promise<DiscordTestServer> {
  const server = await startDiscordTestServer({
    bucket: { limit: 1000, windowMs: 1000 },
    globalLimit: null,
    ...options,
  });
  servers.push(server);
  return server;
}

const servers: DiscordTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let counter = 0;
/** A fresh idempotency key. */
export function key(label = "task"): string {
  counter++;
  return `${label}@2026-01-01T00:00:${String(counter % 60).padStart(2, "0")}.000Z#${counter}`;
}

/** The rejection of `promise` (fails the test when it resolves). */
export function failure(promise: Promise<unknown>): Promise<ActorError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as ActorError,
  );
}
