import { describe as suite, expectTypeOf, it } from "vitest";
import {
  createSchedule,
  parseSchedule,
  type ScheduleInput,
  type ScheduleType,
} from "../src/index.js";

suite("typed schedule input", () => {
  it("accepts the canonical form, and every parsed definition", () => {
    expectTypeOf<ScheduleType>().toExtend<ScheduleInput>();
    createSchedule({ type: "cron", expression: "0 9 * * *", timezone: "Europe/Rome" });
    createSchedule({ type: "interval", seconds: 60, startAt: new Date(0), jitterSeconds: 5 });
    createSchedule({ type: "once", at: new Date(0), misfire: "run-all", maxCatchUp: 3 });
    createSchedule({ type: "immediate" });
    createSchedule(parseSchedule(JSON.parse("{}") as unknown));
  });

  it("accepts the documented alternative spellings", () => {
    createSchedule({ type: "Cron", expression: "0 9 * * 1-5", time_zone: "Europe/Rome" });
    createSchedule({ type: "Cron", expression: "0 9 * * 1-5", timeZone: "Europe/Rome" });
    createSchedule({ type: "Interval", seconds: 300, start_at: "2026-03-08T09:00:00Z" });
    createSchedule({ type: "Once", at: "2026-03-08 09:00+01:00", misfire: "run_once" });
    createSchedule({ type: "Immediate", jitter_seconds: 30, max_catch_up: 5, misfire: "run_all" });
  });

  it("rejects misspelled keys, unknown types, bare strings and unknown input", () => {
    // @ts-expect-error -- `expresion` is not a key (and `expression` is missing)
    createSchedule({ type: "cron", expresion: "0 9 * * *" });
    // @ts-expect-error -- a bare string is not a schedule; the short form's `.schedule()` takes one
    createSchedule("0 9 * * *");
    // @ts-expect-error -- unknown input goes through parseSchedule
    createSchedule(JSON.parse("{}") as unknown);
    // @ts-expect-error -- not a schedule type
    createSchedule({ type: "weekly" });
    // @ts-expect-error -- `at` is a Date or an ISO date-time, not free text
    createSchedule({ type: "once", at: "tomorrow" });
    // @ts-expect-error -- `seconds` is a number of seconds, not a string
    createSchedule({ type: "interval", seconds: "60" });
    // @ts-expect-error -- one setting under two spellings
    createSchedule({ type: "cron", expression: "* * * * *", timezone: "UTC", time_zone: "UTC" });
    // @ts-expect-error -- one setting under two spellings
    createSchedule({ type: "immediate", jitterSeconds: 1, jitter_seconds: 1 });
    // @ts-expect-error -- not a misfire policy
    createSchedule({ type: "immediate", misfire: "always" });
  });
});
