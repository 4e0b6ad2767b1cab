import {
  ActorError,
  type ActorManager,
  type ActorStore,
  type Clock,
  type TaskLeaser,
} from "@actor/core";
import type { AlertSink } from "./alerts.js";
import { closeDeadRuns } from "./dead-runs.js";
import { Dispatcher } from "./dispatcher.js";
import type { RuntimeEvents, TypedEmitter } from "./events.js";
import { HistoryPruner } from "./history-pruner.js";
import { InstancePresence } from "./instance-presence.js";
import { LeaseHeartbeat } from "./lease-heartbeat.js";
import type { RuntimeLogger } from "./logger.js";
import type { ResolvedServerOptions } from "./options.js";
import { TaskControl } from "./task-control.js";
import type { TaskEntry } from "./task-entry.js";

/** What one start of a server runs on; a restart assembles fresh parts. */
export interface EngineParts {
  leaser: TaskLeaser;
  heartbeat: LeaseHeartbeat;
  presence: InstancePresence;
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
  logger: RuntimeLogger;
  alerts: AlertSink | null;
  tasks: Map<string, TaskEntry>;
  shared: Readonly<Record<string, unknown>>;
}

/**
 * Wires the parts of a running engine: this instance's leaser, the lease heartbeat (every third of
 * the lease TTL), the instance registration with its sweep of dead runs (same period), the
 * dispatcher, the task control surface and the history pruner. Nothing starts here.
 */
export function assembleEngine(inputs: EngineInputs): EngineParts {
  const { store, clock, options, tasks } = inputs;
  const ttlMs = options.leaseTtlSeconds * 1000;
  const leaser = store.leaser({ owner: options.instanceId, ttlMs });
  let dispatcher: Dispatcher | null = null;
  const onError = (operation: string) => (error: unknown) => dispatcher!.error(error, operation);
  const heartbeat = new LeaseHeartbeat(
    leaser,
    clock,
    Math.max(1, ttlMs / 3),
    (lost) => onError("renew lease")(new ActorError("conflict", leasesLost(lost))),
    onError("renew lease"),
  );
  dispatcher = new Dispatcher({ ...inputs, leaser, heartbeat });
  const presence = new InstancePresence(
    store,
    clock,
    options.instanceId,
    ttlMs,
    async () => {
      await closeDeadRuns({
        store,
        leaser,
        instanceId: options.instanceId,
        now: clock.now(),
        ownAreDead: false,
        isBusy: (taskId) => tasks.get(taskId)?.busy ?? false,
      });
    },
    (error, operation) => dispatcher!.error(error, operation),
  );
  const control = new TaskControl(store, clock, inputs.events, dispatcher, tasks, inputs.shared);
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
  return { leaser, heartbeat, presence, dispatcher, control, pruner };
}

/** The message of lost leases: the first task ids, then how many more (one line, however many). */
export function leasesLost(taskIds: readonly string[], shown = 10): string {
  const more = taskIds.length - shown;
  const listed = taskIds.slice(0, shown).join(", ");
  return more > 0
    ? `${taskIds.length} leases lost: ${listed} and ${more} more`
    : `leases lost: ${listed}`;
}
