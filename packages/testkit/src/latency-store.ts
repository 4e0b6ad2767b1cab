import {
  ActorError,
  systemClock,
  type ActorStore,
  type Clock,
  type ExecutionOutcome,
  type ExecutionRecord,
  type HistoryQuery,
  type InstanceRecord,
  type Lease,
  type LeaserOptions,
  type NewExecution,
  type PostQuery,
  type PostRecord,
  type PrunePolicy,
  type SaveTaskOptions,
  type SettledSlot,
  type SlotSettlement,
  type TaskLeaser,
  type TaskState,
  type BegunSlot,
  type SlotBeginning,
} from "@actor/core";

/** The store and leaser methods a {@link LatencyStore} delays and can fault, by name. */
export type StoreMethod =
  | Exclude<keyof ActorStore, "leaser">
  | "claimDue"
  | "claim"
  | "renew"
  | "release"
  | "settle"
  | "begin";

/** Options of {@link LatencyStore}. */
export interface LatencyStoreOptions {
  /** Delay of every call: a fixed number of ms, or `[min, max]` drawn per call. Default 0. */
  latencyMs?: number | readonly [number, number];
  /**
   * The clock the delays run on. A `FakeClock` makes them move only when the test advances it
   * (see `advanceUntilSettled`); the default is the real clock (with real, un-`unref`'d timers).
   */
  clock?: Clock;
  /** Source of the jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Whether the wrapped leaser offers `settle` when the inner one does (default true). `false`
   * makes the engine end every slot with the separate `finish`, `saveTask` and `release` calls,
   * so faults injected into those calls reach them.
   */
  settle?: boolean;
  /**
   * Whether the wrapped leaser offers `begin` when the inner one does (default true). `false`
   * makes the engine begin every slot with the separate `claim`, `loadTask` and `start` calls.
   */
  begin?: boolean;
}

/** A planned fault: the `nth` call of `method` from now fails with `error` or never settles. */
export interface StoreFault {
  method: StoreMethod;
  /** 1 = the next call of `method`. */
  nth: number;
  kind: "fail" | "hang";
  /** Default: `ActorError("unavailable")`. */
  error?: unknown;
}

const NEVER = new Promise<never>(() => {});

/**
 * Wraps an {@link ActorStore} so that every call (leaser calls too) takes `latencyMs` — fixed or
 * jittered — and so that chosen calls fail or hang: what a PostgreSQL store over a network looks
 * like to the engine. `sever()` makes every later call hang forever, as a killed process's
 * connection would (use it with the runtime's `abandon()` for in-process crash tests).
 *
 * @example
 * ```ts
 * const store = new LatencyStore(new MemoryStatePersistence({ clock }), { latencyMs: [1, 150], clock });
 * store.inject({ method: "finish", nth: 1, kind: "fail" });
 * ```
 */
export class LatencyStore implements ActorStore {
  readonly inner: ActorStore;
  readonly #clock: Clock;
  readonly #latency: readonly [number, number];
  readonly #random: () => number;
  readonly #counts = new Map<StoreMethod, number>();
  #faults: { method: StoreMethod; at: number; kind: "fail" | "hang"; error: unknown }[] = [];
  #severed = false;
  readonly #settle: boolean;
  readonly #begin: boolean;
  #inFlight = 0;

  constructor(inner: ActorStore, options: LatencyStoreOptions = {}) {
    this.inner = inner;
    this.#clock = options.clock ?? systemClock;
    const latency = options.latencyMs ?? 0;
    this.#latency = typeof latency === "number" ? [latency, latency] : [latency[0], latency[1]];
    this.#random = options.random ?? Math.random;
    this.#settle = options.settle ?? true;
    this.#begin = options.begin ?? true;
  }

  /** Calls made so far, by method. */
  calls(method: StoreMethod): number {
    return this.#counts.get(method) ?? 0;
  }

  /** Calls started and not yet settled (hung ones included). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Plans a fault on a later call. */
  inject(fault: StoreFault): void {
    this.#faults.push({
      method: fault.method,
      at: this.calls(fault.method) + fault.nth,
      kind: fault.kind,
      error: fault.error ?? new ActorError("unavailable", `injected failure of ${fault.method}`),
    });
  }

  /** From now on every call hangs forever (a killed process). */
  sever(): void {
    this.#severed = true;
  }

  get severed(): boolean {
    return this.#severed;
  }

  async #call<T>(method: StoreMethod, run: () => Promise<T>): Promise<T> {
    const n = this.calls(method) + 1;
    this.#counts.set(method, n);
    if (this.#severed) return NEVER;
    const fault = this.#faults.find((f) => f.method === method && f.at === n);
    if (fault) this.#faults = this.#faults.filter((f) => f !== fault);
    this.#inFlight++;
    try {
      await this.#delay();
      if (this.#severed || fault?.kind === "hang") return await NEVER;
      if (fault) throw fault.error;
      return await run();
    } finally {
      this.#inFlight--;
    }
  }

  #delay(): Promise<void> | void {
    const [min, max] = this.#latency;
    const ms = min === max ? min : min + this.#random() * (max - min);
    if (ms <= 0) return;
    if (this.#clock === systemClock) return new Promise((resolve) => setTimeout(resolve, ms));
    return new Promise((resolve) => this.#clock.setTimer(ms, resolve));
  }

  loadTask(taskId: string): Promise<TaskState | null> {
    return this.#call("loadTask", () => this.inner.loadTask(taskId));
  }
  listTasks(): Promise<TaskState[]> {
    return this.#call("listTasks", () => this.inner.listTasks());
  }
  saveTask(state: TaskState, options?: SaveTaskOptions): Promise<TaskState> {
    return this.#call("saveTask", () => this.inner.saveTask(state, options));
  }
  deleteTask(taskId: string): Promise<boolean> {
    return this.#call("deleteTask", () => this.inner.deleteTask(taskId));
  }
  start(execution: NewExecution): Promise<ExecutionRecord> {
    return this.#call("start", () => this.inner.start(execution));
  }
  finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    return this.#call("finish", () => this.inner.finish(id, outcome));
  }
  history(taskId: string, query?: HistoryQuery): Promise<ExecutionRecord[]> {
    return this.#call("history", () => this.inner.history(taskId, query));
  }
  running(): Promise<ExecutionRecord[]> {
    return this.#call("running", () => this.inner.running());
  }
  prune(policy: PrunePolicy): Promise<number> {
    return this.#call("prune", () => this.inner.prune(policy));
  }
  findPost(idempotencyKey: string): Promise<PostRecord | null> {
    return this.#call("findPost", () => this.inner.findPost(idempotencyKey));
  }
  recordPost(record: PostRecord): Promise<{ record: PostRecord; created: boolean }> {
    return this.#call("recordPost", () => this.inner.recordPost(record));
  }
  posts(query?: PostQuery): Promise<PostRecord[]> {
    return this.#call("posts", () => this.inner.posts(query));
  }
  registerInstance(record: InstanceRecord): Promise<{ previous: InstanceRecord | null }> {
    return this.#call("registerInstance", () => this.inner.registerInstance(record));
  }
  renewInstance(
    instanceId: string,
    incarnation: string,
    heartbeatAt: Date,
    expiresAt: Date,
  ): Promise<boolean> {
    return this.#call("renewInstance", () =>
      this.inner.renewInstance(instanceId, incarnation, heartbeatAt, expiresAt),
    );
  }
  unregisterInstance(instanceId: string, incarnation: string): Promise<void> {
    return this.#call("unregisterInstance", () =>
      this.inner.unregisterInstance(instanceId, incarnation),
    );
  }

  leaser(options: LeaserOptions): TaskLeaser {
    const inner = this.inner.leaser(options);
    return {
      owner: inner.owner,
      claimDue: (now: Date, limit: number): Promise<Lease[]> =>
        this.#call("claimDue", () => inner.claimDue(now, limit)),
      claim: (taskIds: readonly string[], now: Date): Promise<Lease[]> =>
        this.#call("claim", () => inner.claim(taskIds, now)),
      renew: (taskIds: readonly string[], now: Date): Promise<Lease[]> =>
        this.#call("renew", () => inner.renew(taskIds, now)),
      release: (taskIds: readonly string[]): Promise<void> =>
        this.#call("release", () => inner.release(taskIds)),
      ...(inner.settle && this.#settle
        ? {
            settle: (settlement: SlotSettlement): Promise<SettledSlot> =>
              this.#call("settle", () => inner.settle!(settlement)),
          }
        : {}),
      ...(inner.begin && this.#begin
        ? {
            begin: (beginning: SlotBeginning): Promise<BegunSlot | null> =>
              this.#call("begin", () => inner.begin!(beginning)),
          }
        : {}),
    };
  }

  close(): Promise<void> {
    return this.#call("close", () => this.inner.close());
  }
}
