import { ActorError } from "@actor/core";
import { parseSchedule, isParsedSchedule } from "../schema/parse-schedule.js";
import { MISFIRE_POLICIES } from "../schema/spellings.js";
import { MAX_TIME, dateOrNull, instantOf } from "../time/instant.js";
import type { ScheduleInput } from "../schedule-input.js";
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
 * Validates a typed definition ({@link ScheduleInput}: the canonical form or a documented
 * alternative spelling) and returns a ready {@link Schedule}. Input of unknown shape (a parsed
 * config file, JSON) goes through {@link parseSchedule} first. Parsed cron
 * expressions and per-zone offset tables are cached, so building many schedules is cheap.
 *
 * @throws ActorError `invalid-config` for an invalid definition (see {@link parseSchedule}), and
 * `validation` for an `anchor` that is not a valid `Date`. The methods of the schedule throw
 * `validation` for an Invalid Date (or anything but a `Date`) instead of answering or hanging;
 * a slot past the end of the `Date` range (year 275760) is `null`.
 *
 * @example
 * ```ts
 * const s = createSchedule({ type: "cron", expression: "30 2 * * *", timezone: "America/New_York" });
 * const t = createSchedule({ type: "Cron", expression: "0 9 * * 1-5", time_zone: "Europe/Rome" });
 * const u = createSchedule(parseSchedule(JSON.parse(text)), { source: { file: "tasks.json" } });
 * s.nextAfter(new Date("2026-03-08T05:00:00Z")); // 2026-03-08T07:00:00Z — 03:00 EDT, right after the gap
 * const every = createSchedule({ type: "interval", seconds: 60 }, { anchor: firstRegisteredAt });
 * ```
 */
export function createSchedule(
  definition: ScheduleInput,
  options: CreateScheduleOptions = {},
): Schedule {
  const def = isParsedSchedule(definition) ? definition : parseSchedule(definition, options.source);
  const anchor =
    options.anchor === undefined
      ? undefined
      : new Date(instantOf(options.anchor, "options.anchor", "createSchedule"));
  return new BuiltSchedule(def, ruleOf(def, anchor));
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
    return dateOrNull(this.#rule.next(instantOf(t, "t", "nextAfter")));
  }

  firstRun(now: Date): Date | null {
    return dateOrNull(this.#rule.first(instantOf(now, "now", "firstRun")));
  }

  check(lastRun: Date | null, now: Date): ScheduleCheck {
    const nowMs = instantOf(now, "now", "check");
    const due =
      lastRun === null
        ? this.#rule.dueAtFirstSight(nowMs)
        : this.#rule.next(instantOf(lastRun, "lastRun", "check"));
    return { shouldRun: due !== null && due <= nowMs, nextRun: dateOrNull(this.#rule.next(nowMs)) };
  }

  dueSlots(from: Date, now: Date, policy?: MisfirePolicy): Date[] {
    const fromMs = instantOf(from, "from", "dueSlots");
    const nowMs = instantOf(now, "now", "dueSlots");
    const chosen = policy ?? this.definition.misfire ?? DEFAULT_MISFIRE_POLICY;
    if (!POLICIES.has(chosen)) {
      throw new ActorError(
        "validation",
        `dueSlots: policy ${JSON.stringify(chosen) ?? String(chosen)} is not a misfire policy (accepted: ${[...POLICIES].join(", ")})`,
      );
    }
    const max = this.definition.maxCatchUp ?? DEFAULT_MAX_CATCH_UP;
    return missedSlots(this.#rule.next, fromMs, nowMs, chosen, max).map((ms) => new Date(ms));
  }

  jittered(slot: Date, random: () => number = Math.random): Date {
    const ms = instantOf(slot, "slot", "jittered");
    const spread = Math.round((this.definition.jitterSeconds ?? 0) * 1000);
    if (spread <= 0) return new Date(ms);
    // Clamped: 1 (or more) is the full spread, below 0 or NaN none, so a careless source of
    // randomness can never produce an Invalid Date or a fire time before the slot.
    const drawn = Number(random());
    const r = drawn >= 0 ? Math.min(drawn, 1) : 0;
    // Never past the end of the Date range: a slot there is jittered no further.
    return new Date(Math.min(ms + Math.min(spread, Math.floor(r * (spread + 1))), MAX_TIME));
  }
}

const POLICIES: ReadonlySet<string> = new Set<string>(MISFIRE_POLICIES);
