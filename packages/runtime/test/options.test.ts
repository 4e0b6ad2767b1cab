import { MemoryStatePersistence } from "@actor/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ActorServerBuilder,
  ScheduledActorServer,
  parseServerOptions,
  parseTaskOptions,
  type ServerOptions,
  type TaskOptions,
} from "../src/index.js";
import { MINUTE, ScriptedActor, build, failWith } from "./support/harness.js";

const every10min = { type: "interval", seconds: 600 } as const;

function buildWith(options: ServerOptions, taskOptions?: TaskOptions): () => unknown {
  return () =>
    new ActorServerBuilder()
      .store(new MemoryStatePersistence())
      .options(options)
      .actor(new ScriptedActor("a"), every10min, taskOptions)
      .build();
}

describe("server and task options are validated", () => {
  it.each([
    [{ maxConcurrency: 1.5 }, /maxConcurrency must be a whole number, got 1.5/],
    [{ maxConcurrency: 0 }, /maxConcurrency must be at least 1, got 0/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds must be greater than 0, got 0/],
    [{ maxConsecutiveFailures: 0 }, /maxConsecutiveFailures must be at least 1, got 0/],
    [{ retries: Number.NaN }, /retries must be a number, got NaN/],
    [{ leaseTtlSeconds: Number.POSITIVE_INFINITY }, /leaseTtlSeconds/],
    [{ instanceId: "" }, /instanceId must not be empty/],
    [
      { maxConcurency: 4 } as ServerOptions,
      /maxConcurency is unknown; did you mean maxConcurrency\?/,
    ],
    [{ logger: {} } as unknown as ServerOptions, /logger must be null or a logger/],
  ])("rejects %o", (options, message) => {
    expect(buildWith(options)).toThrow(message);
    try {
      buildWith(options)();
    } catch (error) {
      expect(error).toMatchObject({ name: "ActorError", code: "invalid-config" });
    }
  });

  it("validates options given to the server directly too", () => {
    expect(
      () =>
        new ScheduledActorServer({
          store: new MemoryStatePersistence(),
          options: { maxConcurrency: 2.5 },
        }),
    ).toThrow(/maxConcurrency/);
  });

  it.each([
    [{ taskId: "" }, /taskId must not be empty/],
    [{ retries: 1.5 }, /retries must be a whole number/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds must be greater than 0/],
    [{ maxConsecutiveFailures: 0 }, /maxConsecutiveFailures must be at least 1/],
    [{ destinaton: "x" } as TaskOptions, /destinaton is unknown; did you mean destination\?/],
  ])("rejects task options %o, naming the task", (taskOptions, message) => {
    expect(buildWith({}, taskOptions)).toThrow(message);
    expect(buildWith({}, taskOptions)).toThrow(/task #0 \(actor "a"\)/);
  });

  it("accepts valid options and reports the key of a bad one", () => {
    expect(parseServerOptions({ maxConcurrency: 8, logger: null })).toMatchObject({
      maxConcurrency: 8,
    });
    try {
      parseTaskOptions({ retries: -1 }, { label: "task x", keyPrefix: "actors[3].options" });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ context: { key: "actors[3].options.retries" } });
    }
  });
});

describe("logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("failed runs and open circuits are reported through the logger", async () => {
    const actor = new ScriptedActor("failing");
    actor.behaviour = failWith("auth");
    const lines: string[] = [];
    const logger = {
      info: () => {},
      warn: (obj: object, msg?: string) => lines.push(`warn ${msg} ${JSON.stringify(obj)}`),
      error: (obj: object, msg?: string) => lines.push(`error ${msg}`),
    };
    const { clock, server } = build([{ actor, schedule: every10min }], {
      logger,
      maxConsecutiveFailures: 2,
    });
    await server.start();
    await clock.advance(15 * MINUTE);
    expect(lines[0]).toMatch(/^warn run of failing failed: boom \(auth\)/);
    expect(lines[0]).toContain('"errorCode":"auth"');
    expect(lines.some((l) => l.startsWith("error task failing paused (circuit-open)"))).toBe(true);
    await server.shutdown();
  });

  it("defaults to warnings on stderr, and logger: null is silent", async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const actor = new ScriptedActor("noisy");
    actor.behaviour = failWith("auth");
    const loud = build([{ actor, schedule: every10min }], {
      logger: undefined,
    } as unknown as ServerOptions);
    await loud.server.start();
    await loud.clock.advance(MINUTE);
    await loud.server.shutdown();
    expect(writes.join("")).toMatch(/WARN run of noisy failed/);

    writes.length = 0;
    const quiet = build([{ actor, schedule: every10min }], { logger: null });
    await quiet.server.start();
    await quiet.clock.advance(MINUTE);
    await quiet.server.shutdown();
    expect(writes).toEqual([]);
  });
});
