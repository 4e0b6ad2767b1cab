import { MemoryStatePersistence, type ActorStore } from "@actor/core";

/** Where the short form keeps state when no store is given. */
export const DEFAULT_STATE_DIRECTORY = "./.actor-state";

/** A store the short form opened itself (and so closes itself), or the caller's. */
export interface OpenedStore {
  store: ActorStore;
  /** True when the bot opened the store and must close it when it stops. */
  owned: boolean;
}

/**
 * The one place the short form's default store is chosen. Until a durable store ships with the
 * library this is the memory store, and it says once, through `warn`, that state is not kept
 * across restarts; pass `store` to choose explicitly (and silence the warning).
 *
 * @example
 * ```ts
 * const { store } = await openDefaultStore((line) => console.warn(line));
 * ```
 */
export async function openDefaultStore(warn: (line: string) => void): Promise<OpenedStore> {
  warn(
    "actor: no store given, state is kept in memory only and is lost on restart; pass { store } to keep it",
  );
  return { store: new MemoryStatePersistence(), owned: true };
}
