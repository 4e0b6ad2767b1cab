import { describeStatePersistenceContract, FakeClock } from "@actor/testkit";
import { afterAll, beforeAll } from "vitest";
import { migrateToLatest, PostgresStatePersistence } from "../src/index.js";
import { dropSchema, schemaName, testPool, truncateAll } from "./support/pg.js";

// One schema for the file, migrated once; every test starts from empty tables.
const pool = testPool(8);
const schema = schemaName("contract");

beforeAll(async () => {
  const { error } = await migrateToLatest({ pool, schema });
  if (error) throw error;
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

describeStatePersistenceContract("PostgreSQL (fake clock, reopen)", async () => {
  await truncateAll(pool, schema);
  const clock = new FakeClock();
  const open = () => PostgresStatePersistence.open({ pool, schema, clock, migrate: false });
  return { store: await open(), clock, reopen: open };
});

describeStatePersistenceContract("PostgreSQL (system clock, batches of 3)", async () => {
  await truncateAll(pool, schema);
  const open = () =>
    PostgresStatePersistence.open({ pool, schema, migrate: false, maxBatchSize: 3 });
  return { store: await open(), reopen: open };
});
