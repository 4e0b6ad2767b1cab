import {
  ActorError,
  type ActorManager,
  type ActorStore,
  type Clock,
  type TaskLeaser,
} from "@actor/core";
import type { AlertSink } from "./alerts.js";
import { Dispatcher } from "./dispatcher.js";
import type { RuntimeEvents, TypedEmitter } from "./events.js";
import { HistoryPruner } from "./history-pruner.js";
import { LeaseHeartbeat } from "./lease-heartbeat.js";
import type { ResolvedServerOptions } from "./options.js";
import { TaskControl } from "./task-control.js";
import type { TaskEntry } from "./task-entry.js";

/** What one start of a server runs on; a restart assembles fresh parts. */
export interface EngineParts {
  leaser: TaskLeaser;
  heartbeat: LeaseHeartbeat;
  dispatcher: Dispatcher;
  control: TaskControl;
  pruner: HistoryPruner;
}

/** The long-lived pieces a server hands to {@link assembleEngine}. */
export interface EngineInputs {
  store: ActorStore;
  actors: ActorManager<string>;
  clock: Clock;
  options: ResolvedServerOptions;
  events: TypedEmitter<RuntimeEvents>;
  alerts: AlertSink | null;
  tasks: Map<string, TaskEntry>;
  shared: Readonly<Record<string, unknown>>;
}

/**
 * Wires the parts of a running engine: this instance's leaser, the lease heartbeat (every third of
 * the lease TTL), the dispatcher, the task control surface and the history pruner. Nothing starts
 * here; the server starts the timer and the pruner once tasks are installed.
 */
export function assembleEngine(inputs: EngineInputs): EngineParts {
  const { store, clock, options, events } = inputs;
  const onError = (operation: string) => (error: unknown) =>
    events.emit("error", { error: ActorError.from(error), operation });
  const ttlMs = options.leaseTtlSeconds * 1000;
  const leaser = store.leaser({ owner: options.instanceId, ttlMs });
  const heartbeat = new LeaseHeartbeat(
    leaser,
    clock,
    Math.max(1, ttlMs / 3),
    (lost) => onError("renew lease")(new ActorError("conflict", `leases lost: ${lost.join(", ")}`)),
    onError("renew lease"),
  );
  const dispatcher = new Dispatcher({ ...inputs, leaser, heartbeat });
  const control = new TaskControl(store, clock, events, dispatcher, inputs.tasks, inputs.shared);
  const pruner = new HistoryPruner(
    store,
    clock,
    {
      keepPerTask: options.historyKeepPerTask,
      maxAgeDays: options.historyMaxAgeDays,
      intervalMs: options.pruneIntervalSeconds * 1000,
    },
    onError("prune history"),
  );
  return { leaser, heartbeat, dispatcher, control, pruner };
}
