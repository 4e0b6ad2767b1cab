import type { ActorStore, TaskLeaser } from "@actor/core";
import { afterEach, beforeEach, type TestContext } from "vitest";
import type { FakeClock } from "../fake-clock.js";

/**
 * What a store factory returns for one test: a fresh, empty store and, optionally, the hooks the
 * contract suites use when the adapter supports them.
 */
export interface StoreHarness {
  /** A new, empty store. The suite closes it after the test. */
  store: ActorStore;
  /**
   * The clock the store stamps `updatedAt` with. When given, the suite checks stamps exactly and
   * moves time between saves; when left out, it checks stamps against the wall clock.
   */
  clock?: FakeClock;
  /**
   * Opens a new store over the same data (same file, same schema). The suite closes the current
   * store before calling it. Durable adapters provide it; the "close and reopen" tests are skipped
   * without it.
   */
  reopen?: () => Promise<ActorStore>;
  /** Runs after the store is closed: drop the throwaway schema, delete the temp directory. */
  cleanup?: () => Promise<void>;
}

/**
 * Makes a {@link StoreHarness}; called once per test with the test's vitest context (its
 * `task.name` makes a readable schema or file name).
 */
export type StoreFactory = (context: TestContext) => Promise<StoreHarness>;

/** The per-test view the suite files share. Reading `store` outside a test throws. */
export interface StoreFixture {
  readonly store: ActorStore;
  readonly clock: FakeClock | undefined;
  readonly canReopen: boolean;
  /** Closes the current store and replaces it with the adapter's reopened one. */
  reopen(): Promise<ActorStore>;
}

/** Registers the hooks that build a harness before each test and tear it down after. */
export function useStoreFixture(factory: StoreFactory): StoreFixture {
  let harness: StoreHarness | undefined;
  let current: ActorStore | undefined;

  beforeEach(async (context) => {
    harness = await factory(context);
    current = harness.store;
  });

  afterEach(async () => {
    const open = current;
    const done = harness;
    current = undefined;
    harness = undefined;
    await open?.close();
    await done?.cleanup?.();
  });

  const active = (): StoreHarness => {
    if (!harness) throw new Error("the store fixture is only available inside a test");
    return harness;
  };

  return {
    get store() {
      active();
      return current!;
    },
    get clock() {
      return active().clock;
    },
    get canReopen() {
      return active().reopen !== undefined;
    },
    async reopen() {
      const { reopen } = active();
      if (!reopen) throw new Error("this adapter's harness has no reopen()");
      const open = current;
      current = undefined;
      await open?.close();
      current = await reopen();
      return current;
    },
  };
}

/**
 * `owner`'s leaser (leases of `ttlMs`), or the test skipped when the adapter's leaser lacks the
 * optional step `step`: the suites of `settle` and `begin` run only where the adapter has them.
 */
export function leaserWith(
  fx: StoreFixture,
  context: TestContext,
  step: "settle" | "begin",
  owner: string,
  ttlMs: number,
): Required<TaskLeaser> {
  const leaser = fx.store.leaser({ owner, ttlMs });
  if (!leaser[step]) context.skip(`the adapter's leaser has no ${step}()`);
  return leaser as Required<TaskLeaser>;
}
