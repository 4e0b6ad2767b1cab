/** The default job of a {@link RunPool}: a function that starts the work. */
export type PoolJob = () => Promise<unknown>;

const callJob = (job: unknown): Promise<unknown> => (job as PoolJob)();

/**
 * A bounded pool: at most `limit` jobs run at once; the rest wait first-in first-out (callers submit
 * in next-run order, so due work keeps that order). A job at the front jumps the queue.
 *
 * A job is a function by default. With `run`, jobs are any values and `run(job)` starts each: a
 * waiting job then costs one array slot and no closure, which matters when a large backlog waits.
 *
 * @example
 * ```ts
 * const pool = new RunPool(4);
 * pool.submit(async () => { await work(); });
 * await pool.idle();
 *
 * const ids = new RunPool<string>(4, (id) => fetchAndStore(id));
 * ids.submit("a");
 * ```
 */
export class RunPool<T = PoolJob> {
  readonly #limit: number;
  readonly #run: (job: T) => Promise<unknown>;
  #queue: (T | undefined)[] = [];
  #head = 0;
  #active = 0;
  #idleWaiters: (() => void)[] = [];
  readonly #onDone = (): void => this.#done();

  constructor(limit: number, run: (job: T) => Promise<unknown> = callJob) {
    this.#limit = Math.max(1, limit);
    this.#run = run;
  }

  /** Jobs running now. */
  get active(): number {
    return this.#active;
  }

  /** Jobs waiting for a free place. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** Runs `job` when a place is free (`front`: before every waiting job). Jobs must not reject. */
  submit(job: T, front = false): void {
    if (front) {
      this.#compact();
      this.#queue.unshift(job);
    } else {
      this.#queue.push(job);
    }
    this.#pump();
  }

  /** Drops every waiting job (running ones continue); returns how many were dropped. */
  clear(): number {
    const dropped = this.waiting;
    this.#queue = [];
    this.#head = 0;
    return dropped;
  }

  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.#active === 0 && this.waiting === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#active < this.#limit && this.#head < this.#queue.length) {
      const job = this.#queue[this.#head] as T;
      this.#queue[this.#head++] = undefined;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) this.#compact();
      this.#active++;
      void this.#run(job).then(this.#onDone, this.#onDone);
    }
  }

  #done(): void {
    this.#active--;
    this.#pump();
    if (this.#active === 0 && this.waiting === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #compact(): void {
    this.#queue = this.#queue.slice(this.#head);
    this.#head = 0;
  }
}
