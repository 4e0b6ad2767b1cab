/**
 * Keeps a bot under Discord's global limit without a single 429, whatever the network's latency.
 *
 * `@discordjs/rest` counts its global limit in fixed one-second windows that start when it sends,
 * while Discord counts requests when they arrive. A request's arrival lies somewhere between its
 * send and its response, so a burst sent at the start of the client's next window can land in
 * Discord's previous one (a cold TLS connection makes the first burst arrive late and the next one
 * early) and draw a storm of global 429s, which count toward Discord's invalid-request ban.
 *
 * The pacer counts a request from its send until `windowMs` after its response: a new request
 * goes out only while fewer than `limit` requests are in flight or answered within the last
 * `windowMs`. Whatever the latencies, no `windowMs` interval then holds more than `limit`
 * arrivals. The cost is one round trip per window: about 47 requests/s at 60 ms of latency.
 */
export class GlobalPacer {
  #inFlight = 0;
  /** Response times within the window, oldest first. */
  readonly #answered: number[] = [];
  readonly #waiting: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly now: () => number = () => performance.now(),
  ) {}

  /** Waits for a turn; call the returned function when the response (or failure) arrives. */
  async acquire(): Promise<() => void> {
    if (this.#waiting.length === 0 && this.#free()) {
      this.#inFlight++;
    } else {
      // #schedule counts the request as in flight when it hands the turn over.
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
        this.#schedule();
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#answered.push(this.now());
      this.#schedule();
    };
  }

  #free(): boolean {
    const horizon = this.now() - this.windowMs;
    while (this.#answered.length > 0 && this.#answered[0]! <= horizon) this.#answered.shift();
    return this.#inFlight + this.#answered.length < this.limit;
  }

  /** Lets waiting requests go while there is room, and sets a timer for when room appears. */
  #schedule(): void {
    while (this.#waiting.length > 0 && this.#free()) {
      this.#inFlight++;
      this.#waiting.shift()!();
    }
    if (this.#waiting.length === 0 || this.#timer !== null) return;
    const oldest = this.#answered[0];
    if (oldest === undefined) return; // every slot is in flight: a release will call us
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#schedule();
      },
      Math.max(1, oldest + this.windowMs - this.now()),
    );
  }
}
