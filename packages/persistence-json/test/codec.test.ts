import { describe, expect, it } from "vitest";
import { encodeExecution, encodeTask } from "../src/codec.js";
import { decodeEntry, LineError } from "../src/decode.js";
import type { StoredExecution, StoredTask } from "../src/stored.js";

const task: StoredTask = {
  taskId: "t-✓\n",
  actorName: "a",
  lastRun: Number.NaN,
  nextRun: 8.64e15,
  consecutiveFailures: 2,
  paused: true,
  pauseReason: "circuit-open",
  completed: false,
  active: true,
  scheduleKey: null,
  version: 3,
  updatedAt: -2208988800000,
  metadata: '{"x":[1,"ü",null]}',
};

describe("journal lines", () => {
  it("a task round-trips, NaN instants as null, year 275760 and 1900 as they are", () => {
    const line = encodeTask(task);
    expect(line).not.toContain("\n");
    expect(decodeEntry(line)).toEqual({ op: "t", task });
  });

  it("an execution round-trips with its metadata kept as JSON text", () => {
    const execution: StoredExecution = {
      id: 7,
      taskId: "t",
      actorName: "a",
      scheduledFor: 1,
      startedAt: 2,
      completedAt: Number.NaN,
      status: "running",
      attempt: 1,
      errorCode: null,
      errorMessage: null,
      skillsSucceeded: 0,
      skillsFailed: 0,
      skillsSkipped: 0,
      instanceId: "i",
      metadata: "{}",
    };
    expect(decodeEntry(encodeExecution(execution))).toEqual({ op: "e", execution });
  });

  it.each([
    ['["t","t",42]', /has 14 fields, this one 3/],
    [
      '["t","t",42,null,null,0,false,null,false,true,null,1,0,{}]',
      /field 2: expected a string, got 42/,
    ],
    [
      '["t","t","a",null,null,0,false,"sleepy",false,true,null,1,0,{}]',
      /unknown pause reason "sleepy"/,
    ],
    ['["q"]', /unknown entry kind "q"/],
    ["{}", /not a journal entry/],
    ['["t",', /not valid JSON/],
  ])("%s is refused with a reason naming what is wrong", (line, reason) => {
    expect(() => decodeEntry(line)).toThrow(LineError);
    expect(() => decodeEntry(line)).toThrow(reason);
  });

  it("the hand-built lines are exactly what JSON.stringify writes for the entry's array", () => {
    const odd = ["", 'q"uote', "back\\slash", "\u0000ctl", "lone \ud800 surrogate", "ü✓😀"];
    for (const text of odd) {
      const t: StoredTask = { ...task, taskId: text, actorName: text, scheduleKey: text };
      const { metadata, ...fields } = t;
      expect(encodeTask(t)).toBe(
        `${JSON.stringify(["t", fields.taskId, fields.actorName, fields.lastRun, fields.nextRun, fields.consecutiveFailures, fields.paused, fields.pauseReason, fields.completed, fields.active, fields.scheduleKey, fields.version, fields.updatedAt]).slice(0, -1)},${metadata}]`,
      );
      const e: StoredExecution = {
        id: 9,
        taskId: text,
        actorName: text,
        scheduledFor: -0,
        startedAt: Number.POSITIVE_INFINITY,
        completedAt: Number.NaN,
        status: "failed",
        attempt: 2,
        errorCode: "network",
        errorMessage: text,
        skillsSucceeded: 0,
        skillsFailed: 1,
        skillsSkipped: 0,
        instanceId: text,
        metadata: "{}",
      };
      expect(encodeExecution(e)).toBe(
        `${JSON.stringify(["e", e.id, e.taskId, e.actorName, e.scheduledFor, e.startedAt, e.completedAt, e.status, e.attempt, e.errorCode, e.errorMessage, e.skillsSucceeded, e.skillsFailed, e.skillsSkipped, e.instanceId]).slice(0, -1)},{}]`,
      );
    }
  });
});
