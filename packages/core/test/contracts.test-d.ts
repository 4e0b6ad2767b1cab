import type {
  Actor,
  ActorErrorCode,
  ActorManager,
  Content,
  ContentPoster,
  ExecutionContext,
  ExecutionResult,
  PostedMessage,
  PostOptions,
  TaskScheduler,
} from "@actor/core";
import { ActorError, type GenericActorManager } from "@actor/core";
import { describe, expectTypeOf, it } from "vitest";

describe("ContentPoster<C, D, P>", () => {
  it("defaults to Content, string destinations and PostedMessage", () => {
    expectTypeOf<ContentPoster["post"]>().parameters.toEqualTypeOf<
      [Content, string, PostOptions]
    >();
    expectTypeOf<ContentPoster["post"]>().returns.toEqualTypeOf<Promise<PostedMessage>>();
    expectTypeOf<ContentPoster["canPost"]>().parameters.toEqualTypeOf<[string]>();
  });

  it("threads custom content, destination and result types through post and canPost", () => {
    type Channel = { guildId: string; channelId: string };
    type Sent = { snowflake: bigint };
    type Poster = ContentPoster<{ markdown: string }, Channel, Sent>;
    expectTypeOf<Poster["post"]>().parameters.toEqualTypeOf<
      [{ markdown: string }, Channel, PostOptions]
    >();
    expectTypeOf<Poster["post"]>().returns.resolves.toEqualTypeOf<Sent>();
    expectTypeOf<Poster["canPost"]>().returns.toEqualTypeOf<boolean | Promise<boolean>>();
    expectTypeOf<Poster["platform"]>().toEqualTypeOf<string>();
  });

  it("requires an idempotency key and accepts an optional signal", () => {
    expectTypeOf<{ idempotencyKey: string }>().toExtend<PostOptions>();
    expectTypeOf<{ signal: AbortSignal }>().not.toExtend<PostOptions>();
  });
});

describe("ActorManager<Id, Ctx>", () => {
  interface PollCtx extends ExecutionContext {
    readonly pollUrl: string;
  }

  it("keys actors by Id and runs them with Ctx", () => {
    expectTypeOf<ActorManager<number, PollCtx>["registerActor"]>().parameters.toEqualTypeOf<
      [number, Actor<PollCtx>]
    >();
    expectTypeOf<ActorManager<number, PollCtx>["executeActor"]>().parameters.toEqualTypeOf<
      [number, PollCtx]
    >();
    expectTypeOf<ActorManager<number, PollCtx>["executeActor"]>().returns.toEqualTypeOf<
      Promise<ExecutionResult>
    >();
    expectTypeOf<ActorManager<symbol>["registeredActors"]>().returns.toEqualTypeOf<symbol[]>();
  });

  it("GenericActorManager implements ActorManager with the same type arguments", () => {
    expectTypeOf<GenericActorManager<"a" | "b", PollCtx>>().toExtend<
      ActorManager<"a" | "b", PollCtx>
    >();
    expectTypeOf<GenericActorManager<string>["getActor"]>().returns.toEqualTypeOf<
      Actor | undefined
    >();
  });

  it("refuses a context type that is not an ExecutionContext", () => {
    // @ts-expect-error Ctx must extend ExecutionContext
    expectTypeOf<ActorManager<string, { taskId: string }>>();
  });
});

describe("TaskScheduler<S>", () => {
  it("takes the schedule type it is bound to", () => {
    type Cron = { type: "cron"; expression: string };
    expectTypeOf<TaskScheduler<Cron>["schedule"]>().parameters.toEqualTypeOf<
      [string, Cron, (scheduledFor: Date) => Promise<void>]
    >();
    expectTypeOf<TaskScheduler<Cron>["cancel"]>().returns.toEqualTypeOf<boolean>();
    expectTypeOf<TaskScheduler<Cron>["scheduledTasks"]>().returns.toEqualTypeOf<string[]>();
  });
});

describe("ActorErrorCode", () => {
  it("is the closed union of the sixteen codes", () => {
    expectTypeOf<ActorErrorCode>().toEqualTypeOf<
      | "timeout"
      | "rate-limited"
      | "network"
      | "server-error"
      | "unavailable"
      | "conflict"
      | "auth"
      | "permission"
      | "not-found"
      | "invalid-config"
      | "validation"
      | "duplicate"
      | "aborted"
      | "corrupt-state"
      | "invalid-state"
      | "internal"
    >();
    expectTypeOf<"teapot">().not.toExtend<ActorErrorCode>();
  });

  it("ActorError takes only known codes and exposes the union", () => {
    expectTypeOf<ActorError["code"]>().toEqualTypeOf<ActorErrorCode>();
    expectTypeOf(ActorError).constructorParameters.toExtend<
      [ActorErrorCode, string, ...unknown[]]
    >();
    // @ts-expect-error an unknown code is a compile error
    new ActorError("teapot", "no");
  });
});
