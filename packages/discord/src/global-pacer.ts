/**
 * Spaces requests so that no `windowMs` interval holds more than `limit` of them: a sliding window
 * over the last `limit` send times. `@discordjs/rest` counts its global limit in fixed one-second
 * windows that start when it sends; Discord's window starts when a request arrives, so a burst at
 * the start of the client's next window can land in Discord's previous one and draw global 429s
 * (which count toward Discord's invalid-request ban). A sliding window a little longer than Discord's
 * one second (`marginMs` absorbs network jitter) never overfills any one-second window Discord counts.
 */
export class GlobalPacer {
  readonly #sent: number[];
  #next = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly now: () => number = () => performance.now(),
  ) {
    this.#sent = new Array<number>(Math.max(1, Math.floor(limit))).fill(Number.NEGATIVE_INFINITY);
  }

  /** Resolves when one more request may be sent (in call order). */
  turn(): Promise<void> {
    const turn = this.#queue.then(async () => {
      const oldest = this.#sent[this.#next]!;
      const wait = oldest + this.windowMs - this.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.#sent[this.#next] = this.now();
      this.#next = (this.#next + 1) % this.#sent.length;
    });
    this.#queue = turn;
    return turn;
  }
}
