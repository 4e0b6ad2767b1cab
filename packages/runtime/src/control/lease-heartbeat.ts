import type { Clock, TaskLeaser, TimerHandle } from "@actor/core";
import { Roster } from "../timing/roster.js";

/** What the heartbeat tracks: a task (by id) that keeps its own place among the tracked ones. */
export interface HeartbeatMember {
  readonly task: { readonly taskId: string };
  /** Position among the tracked tasks; -1 when not tracked. */
  heartbeatIndex: number;
  /** Its lease is being given up now: a renewal racing that finds it gone reports nothing. */
  readonly settling?: boolean;
}

/**
 * Renews the leases of running tasks every `intervalMs` on one clock timer, armed only while
 * something runs. A lease that could not be renewed is reported through `onLost`.
 *
 * @example
 * ```ts
 * const heartbeat = new LeaseHeartbeat(leaser, clock, 20_000, (ids) => console.warn("lost", ids), console.error);
 * heartbeat.track(entry);
 * heartbeat.untrack(entry);
 * ```
 */
export class LeaseHeartbeat {
  readonly #tracked = new Roster<HeartbeatMember>(
    (member) => member.heartbeatIndex,
    (member, index) => (member.heartbeatIndex = index),
  );
  #timer: TimerHandle | null = null;
  #stopped = false;

  constructor(
    private readonly leaser: TaskLeaser,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onLost: (taskIds: string[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  track(member: HeartbeatMember): void {
    this.#tracked.add(member);
    if (!this.#timer && !this.#stopped) this.#arm();
  }

  untrack(member: HeartbeatMember): void {
    this.#tracked.delete(member);
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(this.intervalMs, () => void this.#beat());
  }

  async #beat(): Promise<void> {
    this.#timer = null;
    if (this.#stopped || this.#tracked.size === 0) return;
    const members = this.#tracked.values();
    const ids = members.map((member) => member.task.taskId);
    try {
      const held = new Set(
        (await this.leaser.renew(ids, this.clock.now())).map((lease) => lease.taskId),
      );
      const lost = members
        .filter(
          (member) =>
            !held.has(member.task.taskId) && this.#tracked.has(member) && !member.settling,
        )
        .map((member) => member.task.taskId);
      if (lost.length > 0) this.onLost(lost);
    } catch (error) {
      this.onError(error);
    }
    if (!this.#stopped && this.#tracked.size > 0 && !this.#timer) this.#arm();
  }
}
