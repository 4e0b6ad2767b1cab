import type { ActorStore, ContentPoster, RunLogger } from "@actor/core";

/** The typed accessors of a run's context, read from its `services`. */
export interface ContextServices {
  readonly poster: ContentPoster | undefined;
  readonly destination: string | undefined;
  readonly store: ActorStore | undefined;
  readonly logger: RunLogger | undefined;
}

const known = new WeakMap<object, ContextServices>();

/**
 * The engine's services of a run, typed: each is the value under its name in `services` when it
 * has the expected shape (a poster with `platform`, `post` and `canPost`; a non-empty destination;
 * a store with the store methods the engine uses; a logger with `info`, `warn` and `error`), else
 * `undefined`. Computed once per services object (one per task), so an attempt pays a lookup.
 *
 * @example
 * ```ts
 * contextServices({ poster, destination: "123" }).destination; // "123"
 * ```
 */
export function contextServices(services: Readonly<Record<string, unknown>>): ContextServices {
  const cached = known.get(services);
  if (cached !== undefined) return cached;
  const poster = services["poster"];
  const destination = services["destination"];
  const store = services["store"];
  const logger = services["logger"];
  const typed: ContextServices = Object.freeze({
    poster:
      hasFunctions(poster, ["post", "canPost"]) &&
      typeof (poster as { platform?: unknown }).platform === "string"
        ? (poster as ContentPoster)
        : undefined,
    destination:
      typeof destination === "string" && destination.trim() !== "" ? destination : undefined,
    store: hasFunctions(store, ["loadTask", "saveTask", "findPost", "recordPost", "posts", "close"])
      ? (store as ActorStore)
      : undefined,
    logger: hasFunctions(logger, ["info", "warn", "error"]) ? (logger as RunLogger) : undefined,
  });
  known.set(services, typed);
  return typed;
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((n) => typeof record[n] === "function");
}
