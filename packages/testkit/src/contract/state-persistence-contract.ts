import { describe } from "vitest";
import { describeConcurrencyContract } from "./concurrency-contract.js";
import { describeDurabilityContract } from "./durability-contract.js";
import { describeExecutionContract } from "./executions-contract.js";
import { describeHistoryContract } from "./history-contract.js";
import { describeInstanceRegistryContract } from "./instances-contract.js";
import { describeLeaseContract } from "./leases-contract.js";
import { describePostContract } from "./posts-contract.js";
import { describePruningContract } from "./pruning-contract.js";
import { describeBeginContract } from "./begin-contract.js";
import { describeSettleContract } from "./settle-contract.js";
import { useStoreFixture, type StoreFactory } from "./store-harness.js";
import { describeTaskLifecycleContract } from "./task-lifecycle-contract.js";
import { describeTaskContract } from "./tasks-contract.js";
import { describeVersioningContract } from "./versioning-contract.js";

/**
 * The contract every `ActorStore` adapter passes: task state and its lifecycle, optimistic
 * concurrency, execution log and history, pruning, post history, leases, instance registrations,
 * concurrent writers and (when the harness can `reopen`) durability.
 * `factory` runs before every test and must return a fresh, empty store; the suite closes it and
 * runs `cleanup` after the test.
 *
 * @example
 * ```ts
 * import { MemoryStatePersistence } from "@actor/core";
 * import { FakeClock, describeStatePersistenceContract } from "@actor/testkit";
 *
 * describeStatePersistenceContract("memory", async () => {
 *   const clock = new FakeClock();
 *   return { store: new MemoryStatePersistence({ clock }), clock };
 * });
 * ```
 */
export function describeStatePersistenceContract(name: string, factory: StoreFactory): void {
  describe(`ActorStore contract: ${name}`, () => {
    const fixture = useStoreFixture(factory);
    describeTaskContract(fixture);
    describeTaskLifecycleContract(fixture);
    describeVersioningContract(fixture);
    describeExecutionContract(fixture);
    describeHistoryContract(fixture);
    describePruningContract(fixture);
    describePostContract(fixture);
    describeLeaseContract(fixture);
    describeBeginContract(fixture);
    describeSettleContract(fixture);
    describeInstanceRegistryContract(fixture);
    describeConcurrencyContract(fixture);
    describeDurabilityContract(fixture);
  });
}
