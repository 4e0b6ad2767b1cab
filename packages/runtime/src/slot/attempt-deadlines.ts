import { ActorError, type Clock } from "@actor/core";
import type { AttemptControl } from "./attempt-control.js";
import { DueTimer } from "../timing/due-timer.js";

/** One watched attempt: a link in the list of attempts with the same timeout. */
export interface DeadlineWatch {
  readonly control: AttemptControl;
  readonly taskId: string;
  readonly actorName: string;
  readonly deadline: number;
  /** Internal list links; null once unwatched. */
  list: DeadlineList | null;
  prev: DeadlineWatch | null;
  next: DeadlineWatch | null;
}

/** Attempts with one timeout, oldest first (so also by deadline). */
interface DeadlineList {
  readonly key: string;
  readonly timeoutMs: number;
  head: DeadlineWatch | null;
  tail: DeadlineWatch | null;
}

/**
 * Timeouts of every attempt in flight on one clock timer instead of a timer per run. Attempts
 * with the same timeout expire in the order they started, so each distinct timeout keeps a linked
 * list (append and unlink in O(1), no map, no key) and the timer only needs each list's oldest
 * deadline. An unwatched head does not move the timer: a wake-up finding nothing expired re-arms
 * for the list's new head, so the timer wakes about once per timeout, not once per run.
 *
 * @example
 * ```ts
 * const deadlines = new AttemptDeadlines(clock, 60_000);
 * const watch = deadlines.watch(control, 300_000, "daily", "poster");
 * deadlines.unwatch(watch);
 * ```
 */
export class AttemptDeadlines {
  readonly #clock: Clock;
  readonly #timer: DueTimer;
  readonly #lists = new Map<number, DeadlineList>();
  readonly #byKey = new Map<string, DeadlineList>();

  constructor(clock: Clock, maxStepMs: number) {
    this.#clock = clock;
    this.#timer = new DueTimer({
      clock,
      maxStepMs,
      lateThresholdMs: Number.POSITIVE_INFINITY,
      keepPopped: true,
      onDue: (item, now) => {
        const list = this.#byKey.get(item.key);
        if (list) this.#expire(list, now);
      },
    });
    this.#timer.start();
  }

  /** Aborts `control` with a `timeout` error once `timeoutMs` have passed; returns the handle for {@link unwatch}. */
  watch(
    control: AttemptControl,
    timeoutMs: number,
    taskId: string,
    actorName: string,
  ): DeadlineWatch {
    let list = this.#lists.get(timeoutMs);
    if (!list) {
      list = { key: String(timeoutMs), timeoutMs, head: null, tail: null };
      this.#lists.set(timeoutMs, list);
      this.#byKey.set(list.key, list);
    }
    const deadline = this.#clock.now().getTime() + timeoutMs;
    const watch: DeadlineWatch = {
      control,
      taskId,
      actorName,
      deadline,
      list,
      prev: list.tail,
      next: null,
    };
    if (list.tail) list.tail.next = watch;
    else list.head = watch;
    list.tail = watch;
    // A list's deadlines only grow (a wall clock set back can break that by the size of the step),
    // so the timer needs setting only for a list that was empty, when it is not already earlier.
    if (watch.prev === null) {
      const queued = this.#timer.queue.get(list.key);
      if (!queued || queued.at > deadline) this.#timer.set(list.key, deadline);
    }
    return watch;
  }

  unwatch(watch: DeadlineWatch): void {
    const list = watch.list;
    if (!list) return;
    if (watch.prev) watch.prev.next = watch.next;
    else list.head = watch.next;
    if (watch.next) watch.next.prev = watch.prev;
    else list.tail = watch.prev;
    watch.list = null;
    watch.prev = null;
    watch.next = null;
  }

  /** Aborts every watched attempt (every attempt in flight is watched) with `reason`. */
  abortAll(reason: unknown): void {
    const controls: AttemptControl[] = [];
    for (const list of this.#lists.values()) {
      for (let watch = list.head; watch; watch = watch.next) controls.push(watch.control);
    }
    for (const control of controls) control.abort(reason);
  }

  /** Drops every deadline and the timer. */
  stop(): void {
    this.#timer.stop();
    this.#timer.queue.clear();
    for (const list of this.#lists.values()) {
      while (list.head) this.unwatch(list.head);
    }
    this.#lists.clear();
    this.#byKey.clear();
  }

  /** Aborts the list's attempts whose deadline passed, then waits for the next one. */
  #expire(list: DeadlineList, now: number): void {
    for (let watch = list.head; watch && watch.deadline <= now; watch = list.head) {
      this.unwatch(watch);
      const { control, taskId, actorName } = watch;
      control.abort(
        new ActorError("timeout", `run of ${taskId} exceeded ${list.timeoutMs / 1000}s`, {
          context: { taskId, actorName },
        }),
      );
    }
    if (list.head) this.#timer.set(list.key, list.head.deadline);
  }
}
