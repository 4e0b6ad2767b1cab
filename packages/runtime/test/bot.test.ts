import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActorError, MemoryStatePersistence } from "@actor/core";
import { FakeClock, flushPromises } from "@actor/testkit";
import { describe, expect, it } from "vitest";
import {
  ActorServerBuilder,
  Bot,
  functionActor,
  handleShutdownSignals,
  intervalSeconds,
  type RuntimeLogger,
} from "../src/index.js";

/** A logger that keeps its lines. */
function recordingLogger(): RuntimeLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (_obj, msg) => lines.push(`info ${msg}`),
    warn: (_obj, msg) => lines.push(`warn ${msg}`),
    error: (_obj, msg) => lines.push(`error ${msg}`),
  };
}

/** Starts `bot.run()` and waits until the engine is running; `running` settles once it stopped. */
async function started(bot: Bot, clock: FakeClock): Promise<{ running: Promise<void> }> {
  const running = bot.run();
  // Opening a file store is real I/O: give it real turns of the event loop too (bounded).
  for (let i = 0; i < 400 && !bot.server?.isRunning(); i++) {
    await clock.advance(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(bot.server?.isRunning()).toBe(true);
  return { running };
}

describe("intervalSeconds", () => {
  it("reads text with units and objects of whole units", () => {
    expect(intervalSeconds("90s")).toBe(90);
    expect(intervalSeconds("10m")).toBe(600);
    expect(intervalSeconds("1h30m")).toBe(5_400);
    expect(intervalSeconds("1d")).toBe(86_400);
    expect(intervalSeconds({ minutes: 10 })).toBe(600);
    expect(intervalSeconds({ hours: 1, minutes: 1 })).toBe(3_660);
  });

  it("refuses zero, negative, unitless and non-finite lengths with what is accepted", () => {
    for (const bad of [
      "0s",
      "10",
      "ten minutes",
      "",
      { minutes: 0 },
      { minutes: Number.NaN },
      {},
    ]) {
      expect(() => intervalSeconds(bad as never)).toThrow(/is not a positive length; use "90s"/);
    }
  });
});

describe("functionActor", () => {
  it("succeeds with the function's return value as the output and fails with what it throws", async () => {
    const clock = new FakeClock("2026-01-05T00:00:00Z");
    const store = new MemoryStatePersistence({ clock });
    const calls: string[] = [];
    const bot = new Bot({ store, clock, logger: null, signals: false, server: { retries: 0 } });
    bot.every("1m", { name: "ok" }, async (ctx) => {
      calls.push(ctx.idempotencyKey);
      return { n: calls.length };
    });
    bot.add(
      functionActor("bad", () => {
        throw new ActorError("validation", "no good");
      }),
      { type: "immediate" },
    );
    const { running } = await started(bot, clock);
    await clock.advance(60_000);
    await bot.stop();
    await running;
    const [ok] = await store.history("ok", { limit: 1 });
    expect(ok).toMatchObject({ status: "succeeded" });
    expect(ok?.metadata).toMatchObject({ outputs: { ok: { n: 2 } } });
    const [bad] = await store.history("bad", { limit: 1 });
    expect(bad).toMatchObject({
      status: "failed",
      errorCode: "validation",
      errorMessage: "no good",
    });
  });

  it("refuses an empty name and a non-function", () => {
    expect(() => functionActor("", async () => {})).toThrow(/non-empty string/);
    expect(() => functionActor("x", "nope" as never)).toThrow(/must be a function/);
  });
});

describe("Bot", () => {
  it("runs a cron task in its time zone and names it after the function", async () => {
    const clock = new FakeClock("2026-12-07T07:59:00Z"); // Monday 08:59 in Paris
    const store = new MemoryStatePersistence({ clock });
    const slots: string[] = [];
    const bot = new Bot({ store, clock, logger: null, signals: false });
    bot.schedule("0 9 * * 1-5", { timezone: "Europe/Paris" }, async function morning(ctx) {
      slots.push(ctx.scheduledFor.toISOString());
    });
    const { running } = await started(bot, clock);
    await clock.advance(60_000);
    const status = await bot.server!.taskStatus("morning");
    await bot.stop();
    await running;
    expect(slots).toEqual(["2026-12-07T08:00:00.000Z"]);
    expect(status.nextRun?.toISOString()).toBe("2026-12-08T08:00:00.000Z");
  });

  it("throws at the call that adds a bad cron, an unknown zone or a duplicate name, naming the task", () => {
    const bot = new Bot({ logger: null });
    expect(() => bot.schedule("0 25 * * *", async function news() {})).toThrow(/news/);
    expect(() =>
      bot.schedule("0 9 * * *", { timezone: "Europe/Pariss" }, async function news() {}),
    ).toThrow(/Europe\/Pariss/);
    bot.every("5m", async function poll() {});
    expect(() => bot.every("10m", async function poll() {})).toThrow(
      /task "poll" is defined twice/,
    );
  });

  it("reports each failed run through its logger (the engine's logger option)", async () => {
    const clock = new FakeClock("2026-01-05T00:00:00Z");
    const logger = recordingLogger();
    const bot = new Bot({
      store: new MemoryStatePersistence({ clock }),
      clock,
      logger,
      signals: false,
      server: { retries: 0 },
    });
    bot.every("1h", async function flaky() {
      throw new Error("the API is down");
    });
    const { running } = await started(bot, clock);
    await clock.advance(0);
    await bot.stop();
    await running;
    expect(logger.lines.filter((l) => !l.startsWith("info"))).toEqual([
      "warn run of flaky failed: the API is down",
    ]);
  });

  it("without a store, keeps state in JSON files in stateDirectory, found again by the next run", async () => {
    const directory = mkdtempSync(join(tmpdir(), "actor-bot-"));
    try {
      const clock = new FakeClock("2026-01-05T00:00:00Z");
      const logger = recordingLogger();
      const first = new Bot({ clock, logger, signals: false, stateDirectory: directory });
      first.every("1h", async function hourly() {});
      const { running } = await started(first, clock);
      // The first slot runs at start; the file store's writes are real I/O (bounded wait).
      for (let i = 0; i < 400; i++) {
        if ((await first.server!.taskStatus("hourly")).lastRun) break;
        await clock.advance(0);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await first.stop();
      await running;
      expect(logger.lines).toEqual([`info stopped; state saved in ${directory}`]);
      expect(readdirSync(directory).length).toBeGreaterThan(0);

      await clock.advance(30 * 60_000);
      const second = new Bot({ clock, logger: null, signals: false, stateDirectory: directory });
      second.every("1h", async function hourly() {});
      const again = await started(second, clock);
      const status = await second.server!.taskStatus("hourly");
      await second.stop();
      await again.running;
      expect(status.lastRun?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
      expect(status.nextRun?.toISOString()).toBe("2026-01-05T01:00:00.000Z");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("refuses to run without a task", async () => {
    await expect(new Bot({ logger: null }).run()).rejects.toMatchObject({
      code: "invalid-config",
      message: expect.stringMatching(/no task/),
    });
  });
});

describe("handleShutdownSignals", () => {
  it("shuts down on the first signal, exits at once with 128 + n on the second, and can be released", async () => {
    const before = process.listenerCount("SIGTERM");
    let shutdowns = 0;
    const exits: number[] = [];
    const told: string[] = [];
    const release = handleShutdownSignals(
      { shutdown: async () => void shutdowns++ },
      { exit: (code) => exits.push(code), onSignal: (s, second) => told.push(`${s} ${second}`) },
    );
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    process.emit("SIGTERM", "SIGTERM");
    await flushPromises();
    expect([shutdowns, exits]).toEqual([1, []]);
    process.emit("SIGTERM", "SIGTERM");
    expect([shutdowns, exits, told]).toEqual([1, [143], ["SIGTERM false", "SIGTERM true"]]);
    release();
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});

describe("runForever", () => {
  it("stops gracefully on SIGTERM while it runs, and removes its handlers once stopped", async () => {
    const clock = new FakeClock("2026-01-05T00:00:00Z");
    const server = new ActorServerBuilder()
      .store(new MemoryStatePersistence({ clock }))
      .clock(clock)
      .options({ logger: null })
      .actor(
        functionActor("noop", async () => {}),
        { type: "interval", seconds: 3600 },
      )
      .build();
    const before = process.listenerCount("SIGTERM");
    const forever = server.runForever();
    for (let i = 0; i < 50 && !server.isRunning(); i++) await clock.advance(0);
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      process.emit("SIGTERM", "SIGTERM");
      for (let i = 0; i < 50 && server.phase !== "stopped"; i++) await clock.advance(1_000);
      await forever;
    } finally {
      process.stderr.write = stderr;
    }
    expect(server.phase).toBe("stopped");
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });

  it("leaves the signals alone with { signals: false }", async () => {
    const clock = new FakeClock("2026-01-05T00:00:00Z");
    const server = new ActorServerBuilder()
      .store(new MemoryStatePersistence({ clock }))
      .clock(clock)
      .options({ logger: null })
      .build();
    const before = process.listenerCount("SIGINT");
    const forever = server.runForever({ signals: false });
    for (let i = 0; i < 50 && !server.isRunning(); i++) await clock.advance(0);
    expect(process.listenerCount("SIGINT")).toBe(before);
    await server.shutdown();
    await forever;
  });
});
