import { hostname } from "node:os";
import { stderrLogger, type RuntimeLogger } from "./logger.js";

/**
 * Options of the engine. Every field is optional; {@link DEFAULT_SERVER_OPTIONS} fills in the rest.
 * Per-task overrides for the run-related fields live in {@link TaskOptions}.
 */
export interface ServerOptions {
  /** Runs at once in this process. Due work waits in next-run order. Default 4. */
  maxConcurrency?: number;
  /** An attempt running longer is aborted and recorded `timed-out`. Default 300. */
  timeoutSeconds?: number;
  /** Retries of a failed slot (retryable errors only). Default 2. */
  retries?: number;
  /** First retry waits up to this long (full jitter); each retry doubles it. Default 2. */
  backoffBaseSeconds?: number;
  /** Cap of one backoff delay. Default 60. */
  backoffMaxSeconds?: number;
  /** Failed slots in a row that open the circuit (pause the task, alert). Default 5. */
  maxConsecutiveFailures?: number;
  /** How long `shutdown()` lets runs finish before aborting them. Default 30. */
  shutdownTimeoutSeconds?: number;
  /** Lease duration; leases of running tasks are renewed every third of it. Default 60. */
  leaseTtlSeconds?: number;
  /** Identifies this process in leases and execution records. Default `hostname-pid-random`. */
  instanceId?: string;
  /**
   * A slot (or the timer itself) later than this is a misfire: the schedule's misfire policy
   * decides what runs, and a late timer emits `late`. Default 1.
   */
  misfireGraceSeconds?: number;
  /** The one timer never sleeps longer than this, so suspends and clock jumps are noticed. Default 60. */
  maxTimerStepSeconds?: number;
  /** Execution records kept per task (newest). Default 200. */
  historyKeepPerTask?: number;
  /** Execution records older than this are pruned. Default 30. */
  historyMaxAgeDays?: number;
  /** How often history is pruned (and once at start). Default 3600. */
  pruneIntervalSeconds?: number;
  /** Source of randomness for jitter and backoff, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Where failed runs, paused tasks and engine errors are reported: a pino logger or anything with
   * `info/warn/error(obj, msg)`. Default: warnings and errors on stderr. `null` silences it.
   */
  logger?: RuntimeLogger | null;
}

/** {@link ServerOptions} with every default applied. */
export type ResolvedServerOptions = Required<ServerOptions>;

/** A fresh instance id: `hostname-pid-random`. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The defaults of every {@link ServerOptions} field. `instanceId` is a getter, so each server
 * built from these defaults gets its own id.
 *
 * @example
 * ```ts
 * const options = resolveServerOptions({ maxConcurrency: 8 });
 * options.retries === DEFAULT_SERVER_OPTIONS.retries; // true
 * ```
 */
export const DEFAULT_SERVER_OPTIONS = {
  maxConcurrency: 4,
  timeoutSeconds: 300,
  retries: 2,
  backoffBaseSeconds: 2,
  backoffMaxSeconds: 60,
  maxConsecutiveFailures: 5,
  shutdownTimeoutSeconds: 30,
  leaseTtlSeconds: 60,
  get instanceId(): string {
    return defaultInstanceId();
  },
  misfireGraceSeconds: 1,
  maxTimerStepSeconds: 60,
  historyKeepPerTask: 200,
  historyMaxAgeDays: 30,
  pruneIntervalSeconds: 3600,
  random: Math.random,
  logger: stderrLogger,
} satisfies Required<ServerOptions>;

/** Merges `options` over {@link DEFAULT_SERVER_OPTIONS} (undefined fields keep the default). */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = { ...DEFAULT_SERVER_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
