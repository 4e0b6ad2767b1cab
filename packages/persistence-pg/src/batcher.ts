/** The answer for one call of a batch: its value, or the error of that call alone. */
export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Options of a {@link Batcher}. */
export interface BatcherOptions<I> {
  /** Most calls in one batch. */
  maxBatchSize: number;
  /** Extra wait before a batch leaves (0: as soon as a batch slot is free). */
  delayMs: number;
  /** Batches of this kind in flight at once. */
  concurrency: number;
  /**
   * Calls with the same key never share a batch (a statement cannot change one row twice) nor run
   * in two batches at once: a later call waits until the earlier one has returned, so calls of one
   * key keep their order.
   */
  key?: (input: I) => string;
}

interface Pending<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent calls into batches handled by one `run` each: group commit. While
 * `concurrency` batches are in flight, new calls wait; when one returns, everything that arrived
 * meanwhile leaves as the next batch. At light load a call leaves at once (one turn of the event loop, plus `delayMs`); at
 * heavy load batches grow and round trips per call shrink. No call is answered before `run`
 * resolves, so nothing is acknowledged before it is committed.
 */
export class Batcher<I, O> {
  #queue: Pending<I, O>[] = [];
  #inFlight = 0;
  /** Keys of the calls in flight. */
  readonly #busyKeys = new Set<string>();
  #scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<ItemResult<O>[]>,
    private readonly options: BatcherOptions<I>,
  ) {}

  /** Queues one call; resolves with its own result once its batch has committed. */
  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  /** Calls waiting or in flight. */
  get pending(): number {
    return this.#queue.length + this.#inFlight;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.options.concurrency || this.#queue.length === 0)
      return;
    this.#scheduled = true;
    const go = () => {
      this.#scheduled = false;
      void this.#flush();
    };
    if (this.options.delayMs > 0) setTimeout(go, this.options.delayMs);
    else setImmediate(go);
  }

  async #flush(): Promise<void> {
    const { batch, keys } = this.#take();
    if (batch.length === 0) return;
    this.#inFlight++;
    this.#schedule();
    try {
      const results = await this.run(batch.map((p) => p.input));
      for (let i = 0; i < batch.length; i++) {
        const result = results[i];
        if (!result) batch[i]!.reject(new Error("batch returned no result for a call"));
        else if (result.ok) batch[i]!.resolve(result.value);
        else batch[i]!.reject(result.error);
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      for (const k of keys) this.#busyKeys.delete(k);
      this.#inFlight--;
      this.#schedule();
    }
  }

  /**
   * Up to `maxBatchSize` queued calls, at most one per key and none whose key is in flight,
   * keeping the others queued in order.
   */
  #take(): { batch: Pending<I, O>[]; keys: string[] } {
    const { maxBatchSize, key } = this.options;
    if (!key) return { batch: this.#queue.splice(0, maxBatchSize), keys: [] };
    const busy = this.#busyKeys;
    const keys: string[] = [];
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    for (const p of this.#queue) {
      const k = key(p.input);
      if (batch.length < maxBatchSize && !busy.has(k)) {
        busy.add(k);
        keys.push(k);
        batch.push(p);
      } else rest.push(p);
    }
    this.#queue = rest;
    return { batch, keys };
  }
}
