import type { LatencyStore } from "./latency-store.js";

/** What {@link crashServer} needs of a server: the runtime's `ScheduledActorServer` has it. */
export interface Abandonable {
  /** Stops every timer of the server without writing, closing or releasing anything. */
  abandon(): void;
}

/**
 * Stops `server` as a SIGKILL would, inside the test process: its timers stop, nothing is closed
 * or released, and — when the store it used is given — every later call of that store hangs, so
 * work still in flight can write nothing more. Records stay `running`, leases and the instance
 * registration lapse on their own; start a new server on the same data to test recovery.
 *
 * @example
 * ```ts
 * const wire = new LatencyStore(data, { clock });
 * // build server A on `wire`, run it into a slot...
 * crashServer(serverA, wire);
 * // build server B on `data` (the same state), start it and check what it recovers.
 * ```
 */
export function crashServer(server: Abandonable, store?: Pick<LatencyStore, "sever">): void {
  store?.sever();
  server.abandon();
}
