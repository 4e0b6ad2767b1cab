import { abortableSleep, type Clock, type TimerHandle } from "@actor/core";

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * A {@link Clock} whose time moves only when told. Timers fire in order of due time (then creation
 * order) while time is advanced; nothing sleeps for real.
 *
 * @example
 * ```ts
 * const clock = new FakeClock("2026-03-08T06:00:00Z");
 * clock.setTimer(1000, () => console.log("fired at", clock.now()));
 * await clock.advance(1000); // fires the timer, lets promises settle
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];

  constructor(start: Date | string | number = "2026-01-01T00:00:00Z") {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Milliseconds since the epoch. */
  nowMs(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = {
      id: this.#nextId++,
      at: this.#now + Math.max(0, delayMs),
      callback,
      cancelled: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return abortableSleep((ms, callback) => this.setTimer(ms, callback), delayMs, signal);
  }

  /** Number of timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Due time of the earliest pending timer, if any. */
  nextTimerAt(): Date | null {
    const next = this.#earliest();
    return next ? new Date(next.at) : null;
  }

  /**
   * Moves time forward by `ms`, firing every timer that comes due on the way, in order, and letting
   * pending promise callbacks run after each one (so async work started by a timer can schedule
   * the next timer before time moves on).
   */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target`, firing due timers in order (see {@link advance}). */
  async advanceTo(target: Date | string | number): Promise<void> {
    const end = new Date(target).getTime();
    if (end < this.#now) throw new RangeError("FakeClock cannot move backwards; use jump()");
    await flushPromises();
    for (;;) {
      const next = this.#earliest();
      if (!next || next.at > end) break;
      this.#now = Math.max(this.#now, next.at);
      this.#fire(next);
      await flushPromises();
    }
    this.#now = end;
    await flushPromises();
  }

  /** Runs every timer due now or earlier without moving time. */
  async runDue(): Promise<void> {
    await this.advanceTo(this.#now);
  }

  /**
   * Sets the time without firing timers in between, like a suspended laptop waking up or a wall
   * clock being corrected (may move backwards). Timers then due fire on the next advance/runDue.
   */
  jump(to: Date | string | number): void {
    this.#now = new Date(to).getTime();
  }

  #earliest(): PendingTimer | undefined {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    }
    return best;
  }

  #fire(timer: PendingTimer): void {
    timer.cancelled = true;
    timer.callback();
  }
}

/** Lets queued promise callbacks (and those they queue, a few levels deep) run. */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
