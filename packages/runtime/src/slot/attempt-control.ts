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
  #work: Promise<unknown> | null = null;
  #settled = false;

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

  /** Whether the work given to {@link race} has settled (an aborted actor may still be running). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Resolves when the raced work settles, however it settles. */
  whenSettled(): Promise<void> {
    if (this.#settled || !this.#work) return Promise.resolve();
    return this.#work.then(
      () => {},
      () => {},
    );
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
    this.#work = work;
    if (this.#aborted) {
      work.then(
        () => (this.#settled = true),
        () => (this.#settled = true),
      );
      return Promise.reject(this.#reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(
        (value) => {
          this.#settled = true;
          resolve(value);
        },
        (error: unknown) => {
          this.#settled = true;
          reject(error);
        },
      );
    });
  }
}
