import type { ActorStore, Clock } from "@actor/core";
import { JsonStatePersistence } from "@actor/persistence-json";

/** Where the short form keeps state when no store is given. */
export const DEFAULT_STATE_DIRECTORY = "./.actor-state";

/** A store the short form opened itself (and so closes itself), or the caller's. */
export interface OpenedStore {
  store: ActorStore;
  /** True when the bot opened the store and must close it when it stops. */
  owned: boolean;
}

/** Options of {@link openDefaultStore}. */
export interface DefaultStoreOptions {
  /** The state directory. Default {@link DEFAULT_STATE_DIRECTORY}, relative to the working directory. */
  directory?: string;
  /** Stamps `updatedAt` in stored task state. Default: the system clock. */
  clock?: Clock;
}

/**
 * The one place the short form's default store is chosen: `@actor/persistence-json` in
 * `./.actor-state/` (task state, history and post history in one directory, atomic writes, a
 * single-writer lock). Pass `store` to a `Bot` (or to `schedule`/`every`) to choose another one,
 * such as `new MemoryStatePersistence()` for state that is not kept.
 *
 * @example
 * ```ts
 * const { store } = await openDefaultStore({ directory: "./state" });
 * ```
 */
export async function openDefaultStore(options: DefaultStoreOptions = {}): Promise<OpenedStore> {
  const store = await JsonStatePersistence.open({
    directory: options.directory ?? DEFAULT_STATE_DIRECTORY,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { store, owned: true };
}
