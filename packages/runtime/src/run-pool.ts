/**
 * A bounded pool: at most `limit` jobs run at once; the rest wait first-in first-out (callers submit
 * in next-run order, so due work keeps that order). A job at the front jumps the queue.
 *
 * @example
 * ```ts
 * const pool = new RunPool(4);
 * pool.submit(async () => { await work(); });
 * await pool.idle();
 * ```
 */
export class RunPool {
  readonly #limit: number;
  #queue: (() => Promise<unknown>)[] = [];
  #head = 0;
  #active = 0;
  #idleWaiters: (() => void)[] = [];
  readonly #onDone = (): void => this.#done();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
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
  submit(job: () => Promise<unknown>, front = false): void {
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
      const job = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as unknown as () => Promise<unknown>;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) this.#compact();
      this.#active++;
      void job().then(this.#onDone, this.#onDone);
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
