import { describe as suite, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  createSchedule,
  describe,
  isValidTimeZone,
  parseSchedule,
  preview,
  type scheduleSchema,
  type Schedule,
  type ScheduleCheck,
  type ScheduleInput,
  type ScheduleType,
} from "../src/index.js";

suite("public API types", () => {
  it("parseSchedule and the zod schema both produce the ScheduleType union", () => {
    expectTypeOf(parseSchedule).returns.toEqualTypeOf<ScheduleType>();
    expectTypeOf<z.output<typeof scheduleSchema>>().toEqualTypeOf<ScheduleType>();
  });

  it("createSchedule takes typed input with an optional anchor and source, and returns a Schedule", () => {
    expectTypeOf(createSchedule).parameter(0).toEqualTypeOf<ScheduleInput>();
    expectTypeOf(parseSchedule).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(createSchedule).parameter(1).toEqualTypeOf<
      | {
          anchor?: Date;
          source?: { actorName?: string; taskId?: string; file?: string; key?: string };
        }
      | undefined
    >();
    expectTypeOf(createSchedule).returns.toEqualTypeOf<Schedule>();
  });

  it("schedule methods return Dates, nullable where a schedule may have no slot", () => {
    expectTypeOf<Schedule["nextAfter"]>().returns.toEqualTypeOf<Date | null>();
    expectTypeOf<Schedule["check"]>().returns.toEqualTypeOf<ScheduleCheck>();
    expectTypeOf<Schedule["dueSlots"]>().returns.toEqualTypeOf<Date[]>();
    expectTypeOf(preview).returns.toEqualTypeOf<Date[]>();
    expectTypeOf(describe).returns.toEqualTypeOf<string>();
    expectTypeOf(isValidTimeZone).returns.toEqualTypeOf<boolean>();
  });

  it("narrows the union on type", () => {
    const def = {} as ScheduleType;
    if (def.type === "cron") expectTypeOf(def.expression).toEqualTypeOf<string>();
    if (def.type === "interval") expectTypeOf(def.startAt).toEqualTypeOf<Date | undefined>();
  });
});
