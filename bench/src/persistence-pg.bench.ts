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
import { Logger, makeWorkerUtils, run as runGraphileWorker } from "graphile-worker";
import pg from "pg";
import { PgBoss } from "pg-boss";

const URL_ = process.env["ACTOR_BENCH_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const SELF = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const noop = emptyResult();
/** Runs in flight per instance, and calls per statement: the engine's and the store's only knobs. */
const CONCURRENCY = Number(process.env["ACTOR_BENCH_CONCURRENCY"] ?? 10_000);
const BATCH = Number(process.env["ACTOR_BENCH_BATCH"] ?? 2_000);

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
    maxBatchSize: BATCH,
  });
  const actor: Actor = {
    name: "noop",
    execute: async () => {
      onRun();
      return noop;
    },
  };
  const builder = new ActorServerBuilder().store(store).options({
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

/**
 * Durable runs/s of `instances` engine processes over `n` tasks all due at once: from the due
 * instant (or, when start-up ran past it, from the moment the first instance was running) until
 * every task has a committed `succeeded` record.
 */
async function ours(instances: number, n: number, maxConcurrency: number): Promise<number> {
  const schema = `bench_actor_${instances}_${n}`;
  await resetSchema(schema);
  const lead = 15_000 + n * (instances === 1 ? 1 : 2);
  const startAt = new Date(Math.ceil((Date.now() + lead) / 1000) * 1000);
  const seeding = Date.now();
  await seed(schema, n, startAt);
  // Fresh statistics before timing: the bulk load just wrote every row.
  await admin.query(`ANALYZE "${schema}".actor_server_state`);
  console.error(`seeded ${n} tasks in ${Date.now() - seeding} ms`);
  let stop: () => Promise<void>;
  let firstReady: number;
  if (instances === 1) {
    const one = await instance(schema, "i0", n, startAt, maxConcurrency);
    firstReady = Date.now();
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
        { stdio: ["pipe", "pipe", "inherit"] },
      ),
    );
    const ready = children.map(
      (c) =>
        new Promise<number>((resolve) =>
          c.stdout!.on(
            "data",
            (d: Buffer) => d.toString().includes("ready") && resolve(Date.now()),
          ),
        ),
    );
    firstReady = await Promise.race(ready);
    await Promise.all(ready);
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
  const from = Math.max(startAt.getTime(), firstReady);
  if (from > startAt.getTime())
    console.error(`start-up ran ${from - startAt.getTime()} ms past the due instant`);
  await sleep(startAt.getTime() - Date.now());
  let done = 0;
  while ((done = await succeeded(schema)) < n) await sleep(20);
  const seconds = (Date.now() - from) / 1000;
  await stop();
  if (done !== n) throw new Error(`expected ${n} runs, found ${done}`);
  await resetSchema(schema);
  return n / seconds;
}

/**
 * Light load: `tasks` interval tasks every `everySeconds`, their slots spread evenly over the
 * interval, on one instance for `seconds`. For each run, the time from its due instant to the
 * moment the engine is told its record (and state) are committed — the `run:finish` event, emitted
 * once `settle` (or `finish` + `saveTask`) has resolved. Returns the percentiles in ms.
 */
async function lightLoad(
  tasks: number,
  everySeconds: number,
  seconds: number,
): Promise<{ runs: number; p50: number; p99: number; max: number; perSecond: number }> {
  const schema = "bench_actor_light";
  await resetSchema(schema);
  const store = await PostgresStatePersistence.open({
    connectionString: URL_,
    schema,
    poolSize: 8,
  });
  const base = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
  const actor: Actor = { name: "noop", execute: async () => noop };
  const builder = new ActorServerBuilder().store(store).options({
    instanceId: "light",
    retries: 0,
    pruneIntervalSeconds: 86_400,
  });
  const spacing = (everySeconds * 1000) / tasks;
  for (let i = 0; i < tasks; i++) {
    const startAt = new Date(base.getTime() + Math.round(i * spacing));
    builder.actor(actor, { type: "interval", seconds: everySeconds, startAt }, { taskId: `l${i}` });
  }
  const server = builder.build();
  const lateness: number[] = [];
  const warmUntil = base.getTime() + 2_000;
  server.on("run:finish", (e) => {
    const due = e.scheduledFor.getTime();
    if (due >= warmUntil) lateness.push(Date.now() - due);
  });
  await server.start();
  await sleep(base.getTime() + seconds * 1000 - Date.now());
  await server.shutdown();
  await store.close();
  await resetSchema(schema);
  lateness.sort((a, b) => a - b);
  const at = (q: number) =>
    lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))]!;
  return {
    runs: lateness.length,
    p50: at(0.5),
    p99: at(0.99),
    max: lateness[lateness.length - 1]!,
    perSecond: tasks / everySeconds,
  };
}

const silentLogger = new Logger(() => () => {});

/**
 * graphile-worker: `n` no-op jobs added up front, then a runner until all are done. Returns jobs/s
 * from the runner's start.
 */
async function graphileWorker(
  n: number,
  config: { concurrency: number; maxSeconds: number; preset?: Record<string, unknown> },
): Promise<{ rate: number; done: number }> {
  await admin.query("DROP SCHEMA IF EXISTS graphile_worker CASCADE");
  const utils = await makeWorkerUtils({ connectionString: URL_, logger: silentLogger });
  await utils.migrate();
  for (let from = 0; from < n; from += 5_000) {
    const specs = Array.from({ length: Math.min(5_000, n - from) }, () => ({
      identifier: "noop",
      payload: {},
    }));
    await utils.addJobs(specs);
  }
  await utils.release();
  await admin.query("ANALYZE graphile_worker._private_jobs");
  let done = 0;
  let finished: () => void = () => {};
  const all = new Promise<void>((resolve) => (finished = resolve));
  const began = Date.now();
  const runner = await runGraphileWorker({
    connectionString: URL_,
    concurrency: config.concurrency,
    noHandleSignals: true,
    logger: silentLogger,
    taskList: {
      noop: async () => {
        if (++done === n) finished();
      },
    },
    ...(config.preset ? { preset: { worker: config.preset } } : {}),
  });
  await Promise.race([all, sleep(config.maxSeconds * 1000)]);
  if (done < n) {
    const rate = done / ((Date.now() - began) / 1000);
    await runner.stop();
    await admin.query("DROP SCHEMA IF EXISTS graphile_worker CASCADE");
    return { rate, done };
  }
  // Completions are batched: wait until the queue table is empty, i.e. every completion committed.
  while (
    Number(
      (await admin.query("SELECT count(*) AS n FROM graphile_worker._private_jobs")).rows[0].n,
    ) > 0
  )
    await sleep(10);
  const seconds = (Date.now() - began) / 1000;
  await runner.stop();
  await admin.query("DROP SCHEMA IF EXISTS graphile_worker CASCADE");
  return { rate: n / seconds, done: n };
}

/**
 * pg-boss: `n` no-op jobs inserted up front, then `work()` until all are completed, or for at most
 * `maxSeconds` (its default polling finishes a few jobs per second). Returns completed jobs/s.
 */
async function pgBoss(
  n: number,
  options: Record<string, unknown>,
  maxSeconds: number,
): Promise<{ rate: number; completed: number }> {
  await admin.query("DROP SCHEMA IF EXISTS pgboss_bench CASCADE");
  const boss = new PgBoss({ connectionString: URL_, schema: "pgboss_bench", max: 10 });
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue("noop");
  for (let from = 0; from < n; from += 5_000) {
    await boss.insert(
      "noop",
      Array.from({ length: Math.min(5_000, n - from) }, () => ({ data: {} })),
    );
  }
  await admin.query("ANALYZE");
  const began = Date.now();
  await boss.work("noop", options, async () => {});
  const completed = async () =>
    Number(
      (
        await admin.query(
          "SELECT count(*) AS n FROM pgboss_bench.job WHERE name = 'noop' AND state = 'completed'",
        )
      ).rows[0].n,
    );
  let count = 0;
  while ((count = await completed()) < n && Date.now() - began < maxSeconds * 1000) await sleep(50);
  const seconds = (Date.now() - began) / 1000;
  await boss.stop({ graceful: false, wait: true });
  await admin.query("DROP SCHEMA IF EXISTS pgboss_bench CASCADE");
  return { rate: count / seconds, completed: count };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--instance") {
    const [, schema, id, n, startAt, mc] = argv;
    const one = await instance(schema!, id!, Number(n), new Date(startAt!), Number(mc));
    process.stdout.write("ready\n");
    process.stdin.once("data", () => void one.stop().then(() => process.exit(0)));
    return;
  }
  if (process.env["ACTOR_BENCH_LIGHT"] !== "0") {
    const light = await lightLoad(1_000, 5, 32);
    console.log(
      [
        `**Light load** (one instance, 1,000 interval tasks every 5 s, slots spread evenly: ${fmt(light.perSecond)} runs/s; ${fmt(light.runs)} runs after a 2 s warm-up): from the due instant to the record committed`,
        "",
        "| p50 | p99 | max |",
        "|---:|---:|---:|",
        `| ${fmt(light.p50)} ms | **${fmt(light.p99)} ms** | ${fmt(light.max)} ms |`,
        "",
      ].join("\n"),
    );
  }
  const sizes = (process.env["ACTOR_BENCH_SIZES"] ?? "20000,100000").split(",").map(Number);
  const only = process.env["ACTOR_BENCH_ONLY"]; // "ours" while tuning the adapter
  const rows: { label: string; n: number; rate: number; note: string }[] = [];
  const add = (label: string, n: number, rate: number, note = "") => {
    rows.push({ label, n, rate, note });
    console.error(`${label} | ${fmt(n)} | ${fmt(rate)} | ${note}`);
  };
  for (const n of sizes) {
    for (const instances of (process.env["ACTOR_BENCH_INSTANCES"] ?? "1,3")
      .split(",")
      .map(Number)) {
      const label = `@actor/runtime + persistence-pg, ${instances} instance${instances > 1 ? "s" : ""}`;
      add(label, n, await ours(instances, n, CONCURRENCY));
    }
    if (only === "ours") continue;
    const gwDefaults = await graphileWorker(n, { concurrency: 1, maxSeconds: 60 });
    add(
      "graphile-worker 0.18, defaults (concurrency 1)",
      n,
      gwDefaults.rate,
      gwDefaults.done < n ? `${fmt(gwDefaults.done)} done in a 60 s window` : "",
    );
    const gwBatched = await graphileWorker(n, {
      concurrency: 24,
      maxSeconds: 300,
      preset: {
        localQueue: { size: 500 },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
        maxPoolSize: 26,
      },
    });
    add(
      "graphile-worker 0.18, concurrency 24 + localQueue 500 + batched completion",
      n,
      gwBatched.rate,
      gwBatched.done < n ? `${fmt(gwBatched.done)} done in a 300 s window` : "",
    );
    const defaults = await pgBoss(n, {}, 10);
    add(
      "pg-boss 12, default work()",
      n,
      defaults.rate,
      `${fmt(defaults.completed)} done in a 10 s window`,
    );
    const batched = await pgBoss(
      n,
      { batchSize: 100, localConcurrency: 4, pollingIntervalSeconds: 0.5 },
      120,
    );
    add(
      "pg-boss 12, work() with batchSize 100 × localConcurrency 4",
      n,
      batched.rate,
      batched.completed < n ? `${fmt(batched.completed)} done in a 120 s window` : "",
    );
  }
  const ours1 = new Map(
    rows.filter((r) => r.label.includes("1 instance")).map((r) => [r.n, r.rate]),
  );
  console.log(
    [
      "| system | tasks / jobs | durable runs/s | ours (1 instance) ÷ this | note |",
      "|---|---:|---:|---:|---|",
      ...rows.map(
        (r) =>
          `| ${r.label} | ${fmt(r.n)} | ${fmt(r.rate)} | ${fmt(ours1.get(r.n)! / r.rate, 2)}× | ${r.note} |`,
      ),
    ].join("\n"),
  );
  await admin.end();
}

await main();
