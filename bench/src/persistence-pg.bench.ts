// Durable runs per second on PostgreSQL: @actor/runtime on @actor/persistence-pg (1 and 3
// instances) against pg-boss and graphile-worker on an equivalent workload (one no-op job per
// slot), all on the same database in the same run. Run with `pnpm bench persistence-pg`.
// Needs PostgreSQL at ACTOR_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { emptyResult, newTaskState, type Actor } from "@actor/core";
import { PostgresStatePersistence } from "@actor/persistence-pg";
import { ActorServerBuilder } from "@actor/runtime";
import { createSchedule, type ScheduleType } from "@actor/schedule";
import pg from "pg";

const URL_ = process.env["ACTOR_BENCH_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const SELF = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const noop = emptyResult();

const admin = new pg.Pool({ connectionString: URL_, max: 2 });

async function resetSchema(schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

async function succeeded(schema: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".actor_server_executions WHERE status = 'succeeded'`,
  );
  return Number(rows[0]!.n);
}

/** The schedule of every task: one day apart (only the first slot runs), first slot `startAt`. */
const scheduleOf = (startAt: Date): ScheduleType => ({
  type: "interval",
  seconds: 86_400,
  startAt,
});

/**
 * Writes the state the engine would register for `n` tasks (the same schedule key, anchor and next
 * run), in parallel batches through the store, so that start-up finds every task already stored
 * and unchanged. The engine installs tasks one save at a time, which at 100,000 tasks would take
 * minutes of round trips before the measurement could begin.
 */
async function seed(schema: string, n: number, startAt: Date): Promise<void> {
  const store = await PostgresStatePersistence.open({
    connectionString: URL_,
    schema,
    poolSize: 8,
  });
  const anchor = new Date();
  const schedule = createSchedule(scheduleOf(startAt), { anchor });
  const base = {
    actorName: "noop",
    nextRun: schedule.firstRun(anchor),
    scheduleKey: schedule.key,
    metadata: { anchor: anchor.toISOString() },
  };
  for (let from = 0; from < n; from += 10_000) {
    const chunk = Array.from({ length: Math.min(10_000, n - from) }, (_, i) =>
      store.saveTask(newTaskState({ taskId: `t${from + i}`, ...base })),
    );
    await Promise.all(chunk);
  }
  await store.close();
}

/**
 * One engine instance: registers `n` interval tasks (one day apart, so only the first slot runs)
 * whose first slot is `startAt`, runs until every one has a record, then stops. Used in-process for
 * one instance and as a child process (`--instance`) for several.
 */
async function instance(
  schema: string,
  id: string,
  n: number,
  startAt: Date,
  maxConcurrency: number,
  onRun: () => void = () => {},
) {
  const store = await PostgresStatePersistence.open({
    connectionString: URL_,
    schema,
    poolSize: 8,
  });
  const actor: Actor = {
    name: "noop",
    execute: async () => {
      onRun();
      return noop;
    },
  };
  const builder = new ActorServerBuilder()
    .persistence(store)
    .options({
      instanceId: id,
      maxConcurrency,
      retries: 0,
      misfireGraceSeconds: 600,
      pruneIntervalSeconds: 86_400,
    });
  for (let i = 0; i < n; i++) {
    builder.actor(actor, scheduleOf(startAt), { taskId: `t${i}` });
  }
  const server = builder.build();
  await server.start();
  return {
    stop: async () => {
      await server.shutdown();
      await store.close();
    },
  };
}

/** Durable runs/s of `instances` engine processes over `n` tasks all due at once. */
async function ours(instances: number, n: number, maxConcurrency: number): Promise<number> {
  const schema = `bench_actor_${instances}_${n}`;
  await resetSchema(schema);
  const startAt = new Date(Math.ceil((Date.now() + 8_000 + n / 4) / 1000) * 1000);
  const seeding = Date.now();
  await seed(schema, n, startAt);
  console.error(`seeded ${n} tasks in ${Date.now() - seeding} ms`);
  let stop: () => Promise<void>;
  if (instances === 1) {
    const one = await instance(schema, "i0", n, startAt, maxConcurrency);
    stop = one.stop;
  } else {
    const children = Array.from({ length: instances }, (_, i) =>
      spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          SELF,
          "--instance",
          schema,
          `i${i}`,
          String(n),
          startAt.toISOString(),
          String(maxConcurrency),
        ],
        { stdio: ["pipe", "inherit", "inherit"] },
      ),
    );
    stop = async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              c.once("exit", () => resolve());
              c.stdin!.end("stop\n");
            }),
        ),
      );
    };
  }
  // Fresh statistics before timing: the bulk registration just wrote every row.
  await admin.query(`ANALYZE "${schema}".actor_server_state`);
  if (Date.now() > startAt.getTime())
    throw new Error("registration took longer than the lead time");
  await sleep(startAt.getTime() - Date.now());
  let done = 0;
  while ((done = await succeeded(schema)) < n) await sleep(20);
  const seconds = (Date.now() - startAt.getTime()) / 1000;
  await stop();
  if (done !== n) throw new Error(`expected ${n} runs, found ${done}`);
  await resetSchema(schema);
  return n / seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--instance") {
    const [, schema, id, n, startAt, mc] = argv;
    const one = await instance(schema!, id!, Number(n), new Date(startAt!), Number(mc));
    process.stdin.once("data", () => void one.stop().then(() => process.exit(0)));
    return;
  }
  const sizes = (process.env["ACTOR_BENCH_SIZES"] ?? "20000,100000").split(",").map(Number);
  const rows: string[] = [];
  for (const n of sizes) {
    for (const instances of [1, 3]) {
      const rate = await ours(instances, n, 2_000);
      rows.push(
        `| @actor/runtime + persistence-pg, ${instances} instance${instances > 1 ? "s" : ""} | ${fmt(n)} | ${fmt(rate)} |`,
      );
      console.log(rows.at(-1));
    }
  }
  console.log(["", "| system | jobs | runs/s |", "|---|---:|---:|", ...rows].join("\n"));
  await admin.end();
}

await main();
