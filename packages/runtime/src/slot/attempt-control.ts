/**
 * The abort side of one attempt, cheap when nothing aborts: the `AbortController` behind
 * `signal` is created only when the actor reads the signal (or when the attempt is aborted), and
 * {@link race} settles the attempt on abort without listening on the signal.
 */
export class AttemptControl {
  #controller: AbortController | null = null;
  #aborted = false;
  #reason: unknown = undefined;
  #reject: ((reason: unknown) => void) | null = null;

  /** The attempt's signal (created on first use). */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#aborted && !this.#controller.signal.aborted) this.#controller.abort(this.#reason);
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts the attempt: the signal fires and a pending {@link race} rejects with `reason`. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#reject?.(reason);
  }

  /** Settles like `work`, or rejects with the abort reason as soon as the attempt is aborted. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.#aborted) {
      work.catch(() => {});
      return Promise.reject(this.#reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(resolve, reject);
    });
  }
}
