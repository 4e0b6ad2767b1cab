import { describe, expect, it } from "vitest";
import { WebhookAlertSink, type Alert, type AlertSink, type FetchLike } from "../src/index.js";
import { HOUR, MINUTE, ScriptedActor, build, failWith, historyOf, ok } from "./support/harness.js";

class MemorySink implements AlertSink {
  readonly alerts: Alert[] = [];
  async send(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }
}

describe("circuit breaker", () => {
  it("trips at the per-task maxConsecutiveFailures: pauses with circuit-open, persists, alerts once, emits events", async () => {
    const actor = new ScriptedActor("broken");
    actor.behaviour = failWith("auth");
    const sink = new MemorySink();
    const { clock, store, server } = build(
      [
        {
          actor,
          schedule: { type: "interval", seconds: 600 },
          options: { maxConsecutiveFailures: 3 },
        },
      ],
      { maxConsecutiveFailures: 10 },
      {},
      sink,
    );
    const events: string[] = [];
    server.on("circuit:open", (a) => events.push(`circuit:open ${a.consecutiveFailures}`));
    server.on("task:paused", (e) => events.push(`task:paused ${e.reason}`));
    await server.start();
    await clock.advance(HOUR);
    expect(actor.calls).toHaveLength(3);
    const state = await store.loadTask("broken");
    expect(state).toMatchObject({
      paused: true,
      pauseReason: "circuit-open",
      consecutiveFailures: 3,
      nextRun: null,
    });
    expect(state?.metadata["lastError"]).toEqual({ code: "auth", message: "boom (auth)" });
    expect(events).toEqual(["task:paused circuit-open", "circuit:open 3"]);
    expect(sink.alerts).toHaveLength(1);
    await server.shutdown();
  });

  it("sends exactly one alert, resets on manual resume, and a success resets the count", async () => {
    const actor = new ScriptedActor("broken");
    actor.behaviour = failWith("validation");
    const sink = new MemorySink();
    const { clock, store, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 600 } }],
      { maxConsecutiveFailures: 2 },
      {},
      sink,
    );
    await server.start();
    await clock.advance(2 * HOUR);
    expect(actor.calls).toHaveLength(2);
    expect(sink.alerts).toHaveLength(1);
    expect(sink.alerts[0]).toMatchObject({
      kind: "circuit-open",
      taskId: "broken",
      actorName: "broken",
      consecutiveFailures: 2,
      lastError: { code: "validation" },
    });

    actor.behaviour = async () => ok();
    const resumed = await server.resumeTask("broken");
    expect(resumed).toMatchObject({ paused: false, pauseReason: null, consecutiveFailures: 0 });
    expect(resumed.nextRun?.toISOString()).toBe("2026-01-05T02:10:00.000Z");
    await clock.advance(30 * MINUTE);
    expect(actor.slots().slice(2)).toEqual([
      "2026-01-05T02:10:00.000Z",
      "2026-01-05T02:20:00.000Z",
      "2026-01-05T02:30:00.000Z",
    ]);
    expect((await store.loadTask("broken"))?.consecutiveFailures).toBe(0);

    actor.behaviour = failWith("validation");
    await clock.advance(10 * MINUTE);
    expect((await store.loadTask("broken"))?.consecutiveFailures).toBe(1);
    actor.behaviour = async () => ok();
    await clock.advance(10 * MINUTE);
    expect((await store.loadTask("broken"))?.consecutiveFailures).toBe(0);
    expect(sink.alerts).toHaveLength(1);
    expect((await historyOf(store, "broken")).length).toBe(7);
    await server.shutdown();
  });

  it("an alert sink that fails is reported as an error event and does not stop the engine", async () => {
    const actor = new ScriptedActor("broken");
    actor.behaviour = failWith("auth");
    const failing: AlertSink = { send: async () => Promise.reject(new Error("webhook down")) };
    const { clock, server } = build(
      [{ actor, schedule: { type: "interval", seconds: 600 } }],
      { maxConsecutiveFailures: 1 },
      {},
      failing,
    );
    const errors: string[] = [];
    server.on("error", (e) => errors.push(`${e.operation}: ${e.error.message}`));
    await server.start();
    await clock.advance(MINUTE);
    expect(errors).toEqual(["send alert: webhook down"]);
    expect((await server.taskStatus("broken")).pauseReason).toBe("circuit-open");
    await server.shutdown();
  });
});

describe("WebhookAlertSink", () => {
  const alert: Alert = {
    kind: "circuit-open",
    taskId: "t",
    actorName: "a",
    consecutiveFailures: 5,
    lastError: { code: "auth", message: "401" },
    at: new Date("2026-01-05T00:00:00Z"),
  };

  it("POSTs the alert as JSON with the given headers", async () => {
    const calls: Parameters<FetchLike>[] = [];
    const fetch: FetchLike = async (...args) => {
      calls.push(args);
      return { ok: true, status: 204 };
    };
    await new WebhookAlertSink({
      url: "https://hooks.example/x",
      headers: { authorization: "Bearer s" },
      fetch,
    }).send(alert);
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0]!;
    expect(url).toBe("https://hooks.example/x");
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({ "content-type": "application/json", authorization: "Bearer s" });
    expect(JSON.parse(init.body)).toEqual({ ...alert, at: "2026-01-05T00:00:00.000Z" });
  });

  it("turns a non-2xx answer into an ActorError with the status", async () => {
    const fetch: FetchLike = async () => ({
      ok: false,
      status: 503,
      statusText: "Service Unavailable",
    });
    await expect(
      new WebhookAlertSink({ url: "https://hooks.example/x", fetch }).send(alert),
    ).rejects.toMatchObject({
      code: "server-error",
      context: { status: 503 },
    });
  });
});
