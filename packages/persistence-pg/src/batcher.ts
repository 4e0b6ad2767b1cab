/** The answer for one call of a batch: its value, or the error of that call alone. */
export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Options of a {@link Batcher}. */
export interface BatcherOptions<I> {
  /** Most calls in one batch. */
  maxBatchSize: number;
  /** Extra wait before a batch leaves (0: as soon as the previous batch has returned). */
  delayMs: number;
  /**
   * Calls with the same key never share a batch (a statement cannot change one row twice); a
   * later call waits for the next batch, so calls of one key keep their order.
   */
  key?: (input: I) => string;
}

interface Pending<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent calls into batches handled by one `run` each: group commit. While a batch
 * is in flight, new calls wait; when it returns, everything that arrived meanwhile leaves as the
 * next batch. At light load a call leaves at once (one turn of the event loop, plus `delayMs`); at
 * heavy load batches grow and round trips per call shrink. No call is answered before `run`
 * resolves, so nothing is acknowledged before it is committed.
 */
export class Batcher<I, O> {
  #queue: Pending<I, O>[] = [];
  #inFlight = false;
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
    return this.#queue.length + (this.#inFlight ? 1 : 0);
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    const go = () => {
      this.#scheduled = false;
      void this.#flush();
    };
    if (this.options.delayMs > 0) setTimeout(go, this.options.delayMs);
    else setImmediate(go);
  }

  async #flush(): Promise<void> {
    const batch = this.#take();
    if (batch.length === 0) return;
    this.#inFlight = true;
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
      this.#inFlight = false;
      this.#schedule();
    }
  }

  /** Up to `maxBatchSize` queued calls, at most one per key, keeping the others queued in order. */
  #take(): Pending<I, O>[] {
    const { maxBatchSize, key } = this.options;
    if (!key) return this.#queue.splice(0, maxBatchSize);
    const seen = new Set<string>();
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    for (const p of this.#queue) {
      const k = key(p.input);
      if (batch.length < maxBatchSize && !seen.has(k)) {
        seen.add(k);
        batch.push(p);
      } else rest.push(p);
    }
    this.#queue = rest;
    return batch;
  }
}
