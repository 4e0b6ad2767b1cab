import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStatePersistenceContract, FakeClock } from "@actor/testkit";
import { JsonStatePersistence, type StoreLogger } from "../src/index.js";

const quiet: StoreLogger = { info() {}, warn() {}, error() {} };

/** Each test gets its own temporary data directory; `reopen` opens a new store over it. */
describeStatePersistenceContract("json (fake clock, reopen)", async () => {
  const directory = await mkdtemp(join(tmpdir(), "actor-json-contract-"));
  const clock = new FakeClock();
  const open = () => JsonStatePersistence.open({ directory, clock, logger: quiet });
  return {
    store: await open(),
    clock,
    reopen: open,
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

/** With the system clock, `updatedAt` is checked against the wall clock. */
describeStatePersistenceContract("json (system clock)", async () => {
  const directory = await mkdtemp(join(tmpdir(), "actor-json-contract-"));
  return {
    store: await JsonStatePersistence.open({ directory, logger: quiet }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});
