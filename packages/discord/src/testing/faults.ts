import type { Fault, FaultRule } from "./types.js";

/** A rule added to {@link FaultInjector}; `remove()` takes it out. */
export interface FaultHandle {
  /** Matching requests seen so far (skipped ones included). */
  readonly seen: number;
  /** Requests this rule shaped so far. */
  readonly applied: number;
  remove(): void;
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  applied: number;
}

/**
 * Planned failures of the test server: by channel, by route and by call count. The first rule that
 * matches a request and is not used up applies; rules are tried in the order they were added.
 *
 * @example
 * ```ts
 * server.faults.add({ channelId, fault: { kind: "error", status: 500 }, times: 2 });
 * server.faults.add({ route: "POST /channels/:id/messages", skip: 3, fault: { kind: "drop" } });
 * ```
 */
export class FaultInjector {
  readonly #rules: ActiveRule[] = [];

  /** Adds a rule. */
  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule: { ...rule, fault: { ...rule.fault } }, seen: 0, applied: 0 };
    this.#rules.push(active);
    return {
      get seen() {
        return active.seen;
      },
      get applied() {
        return active.applied;
      },
      remove: () => {
        const i = this.#rules.indexOf(active);
        if (i >= 0) this.#rules.splice(i, 1);
      },
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** The fault for a request, counting it against the matching rules. */
  take(route: string, channelId: string | null): Fault | null {
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.route !== undefined && rule.route !== route) continue;
      if (rule.channelId !== undefined && rule.channelId !== channelId) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      active.seen++;
      if (active.seen <= (rule.skip ?? 0)) continue;
      active.applied++;
      return rule.fault;
    }
    return null;
  }
}
