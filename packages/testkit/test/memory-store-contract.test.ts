import { MemoryStatePersistence } from "@actor/core";
import { describeStatePersistenceContract, FakeClock } from "../src/index.js";

/**
 * The reference store passes the contract every adapter runs. The memory store's `close()` does
 * nothing, so handing the same instance back from `reopen` keeps everything across close + reopen:
 * that runs the durability tests and checks the harness plumbing (`reopen` is called, the reopened
 * store is the one tests use, `cleanup` runs).
 */
describeStatePersistenceContract("memory (fake clock, reopen hook)", async () => {
  const clock = new FakeClock();
  const store = new MemoryStatePersistence({ clock });
  return { store, clock, reopen: async () => store };
});

/** Without a fake clock, `updatedAt` is checked against the wall clock. */
describeStatePersistenceContract("memory (system clock)", async () => ({
  store: new MemoryStatePersistence(),
}));
