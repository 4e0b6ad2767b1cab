import {
  ActorError,
  type ExecutionRecord,
  type ExecutionStatus,
  type PauseReason,
  type RunTrigger,
} from "@actor/core";
import type { MisfirePolicy } from "@actor/schedule";
import type { Alert } from "./alerts.js";

/** An attempt started. */
export interface RunStartEvent {
  taskId: string;
  actorName: string;
  scheduledFor: Date;
  attempt: number;
  trigger: RunTrigger;
  executionId: string;
}

/** An attempt ended (any final status except `skipped`). */
export interface RunFinishEvent {
  taskId: string;
  actorName: string;
  scheduledFor: Date;
  attempt: number;
  trigger: RunTrigger;
  status: Exclude<ExecutionStatus, "running" | "skipped">;
  durationMs: number;
  record: ExecutionRecord;
}

/**
 * A slot was not run. `overlap`, `paused`, `inactive` and `stopping` slots are recorded as `skipped`
 * executions (`record`); `leased-elsewhere` and `already-run` belong to another instance.
 */
export interface RunSkipEvent {
  taskId: string;
  actorName: string;
  scheduledFor: Date;
  reason: "overlap" | "leased-elsewhere" | "already-run" | "paused" | "inactive" | "stopping";
  record: ExecutionRecord | null;
}

/** A task was paused, by hand or by the circuit breaker. */
export interface TaskPausedEvent {
  taskId: string;
  reason: PauseReason;
}

/** Slots of a task were missed; `slots` are the ones that will run under `policy`. */
export interface MisfireEvent {
  taskId: string;
  missedFrom: Date;
  now: Date;
  policy: MisfirePolicy;
  slots: Date[];
}

/** The engine's timer woke up later than expected (suspended process, clock jump, blocked loop). */
export interface LateEvent {
  expectedAt: Date;
  actualAt: Date;
  lateMs: number;
}

/** An internal failure the engine survived (store write, alert sink, lease renewal...). */
export interface EngineErrorEvent {
  error: ActorError;
  operation: string;
  taskId?: string;
}

/** Every event of the engine and its payload. */
export interface RuntimeEvents {
  "run:start": RunStartEvent;
  "run:finish": RunFinishEvent;
  "run:skip": RunSkipEvent;
  "task:paused": TaskPausedEvent;
  "circuit:open": Alert;
  misfire: MisfireEvent;
  late: LateEvent;
  error: EngineErrorEvent;
}

/** A listener of event `K`. */
export type RuntimeListener<K extends keyof RuntimeEvents> = (payload: RuntimeEvents[K]) => void;

/**
 * A small typed event emitter. Listener errors never reach the emitter's caller: they are reported
 * as `error` events (and dropped when an `error` listener itself throws).
 *
 * @example
 * ```ts
 * const events = new TypedEmitter<RuntimeEvents>();
 * const off = events.on("run:finish", (e) => console.log(e.taskId, e.status, e.durationMs));
 * off();
 * ```
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Whether anyone listens to `event` (lets hot paths skip building payloads). */
  has(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  /** Calls every listener of `event` in registration order. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        if (event !== "error") this.#reportListenerError(error, String(event));
      }
    }
  }

  #reportListenerError(error: unknown, event: string): void {
    const set = this.#listeners.get("error" as keyof Events);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: unknown) => void)({
          error: ActorError.from(error),
          operation: `listener of ${event}`,
        });
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }
}
