import { parseSchedule, isParsedSchedule } from "../schema/parse-schedule.js";
import type {
  MisfirePolicy,
  Schedule,
  ScheduleCheck,
  ScheduleSource,
  ScheduleType,
} from "../types.js";
import { DEFAULT_MAX_CATCH_UP, DEFAULT_MISFIRE_POLICY, missedSlots } from "./misfire.js";
import { scheduleKey } from "./schedule-key.js";
import { cronRule, immediateRule, intervalRule, onceRule, type SlotRule } from "./slot-rules.js";

/** Options of {@link createSchedule}. */
export interface CreateScheduleOptions {
  /**
   * Anchor of an interval schedule without `startAt`: the time the task was first registered
   * (persisted by the runtime and passed back on every start). Default: the Unix epoch, which
   * aligns slots to multiples of the period in UTC.
   */
  anchor?: Date;
  /** Where the definition came from, so validation errors can name the actor, file and key. */
  source?: ScheduleSource;
}

/**
 * Validates a definition (any accepted spelling) and returns a ready {@link Schedule}. Parsed cron
 * expressions and per-zone offset tables are cached, so building many schedules is cheap.
 *
 * @throws ActorError `invalid-config` for an invalid definition (see {@link parseSchedule}).
 *
 * @example
 * ```ts
 * const s = createSchedule({ type: "cron", expression: "30 2 * * *", timezone: "America/New_York" });
 * s.nextAfter(new Date("2026-03-08T05:00:00Z")); // 2026-03-08T07:00:00Z — 03:00 EDT, right after the gap
 * const every = createSchedule({ type: "interval", seconds: 60 }, { anchor: firstRegisteredAt });
 * ```
 */
export function createSchedule(
  definition: ScheduleType | unknown,
  options: CreateScheduleOptions = {},
): Schedule {
  const def = isParsedSchedule(definition) ? definition : parseSchedule(definition, options.source);
  return new BuiltSchedule(def, ruleOf(def, options.anchor));
}

function ruleOf(def: ScheduleType, anchor: Date | undefined): SlotRule {
  switch (def.type) {
    case "cron":
      return cronRule(def);
    case "interval":
      return intervalRule(def, anchor);
    case "once":
      return onceRule(def);
    case "immediate":
      return immediateRule;
  }
}

class BuiltSchedule implements Schedule {
  readonly definition: ScheduleType;
  readonly #rule: SlotRule;
  #key: string | undefined;

  constructor(definition: ScheduleType, rule: SlotRule) {
    this.definition = definition;
    this.#rule = rule;
  }

  get key(): string {
    this.#key ??= scheduleKey(this.definition);
    return this.#key;
  }

  nextAfter(t: Date): Date | null {
    return toDate(this.#rule.next(t.getTime()));
  }

  firstRun(now: Date): Date | null {
    return toDate(this.#rule.first(now.getTime()));
  }

  check(lastRun: Date | null, now: Date): ScheduleCheck {
    const nowMs = now.getTime();
    const due =
      lastRun === null ? this.#rule.dueAtFirstSight(nowMs) : this.#rule.next(lastRun.getTime());
    return { shouldRun: due !== null && due <= nowMs, nextRun: toDate(this.#rule.next(nowMs)) };
  }

  dueSlots(from: Date, now: Date, policy?: MisfirePolicy): Date[] {
    const chosen = policy ?? this.definition.misfire ?? DEFAULT_MISFIRE_POLICY;
    const max = this.definition.maxCatchUp ?? DEFAULT_MAX_CATCH_UP;
    return missedSlots(this.#rule.next, from.getTime(), now.getTime(), chosen, max).map(
      (ms) => new Date(ms),
    );
  }

  jittered(slot: Date, random: () => number = Math.random): Date {
    const spread = Math.round((this.definition.jitterSeconds ?? 0) * 1000);
    if (spread <= 0) return new Date(slot.getTime());
    return new Date(slot.getTime() + Math.min(spread, Math.floor(random() * (spread + 1))));
  }
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
