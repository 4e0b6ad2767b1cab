import type { ScheduleInput } from "@actor/schedule";
import { Bot, botLogger, type BotOptions, type BotTaskOptions } from "./bot.js";
import type { TaskFunction } from "./function-actor.js";
import type { IntervalInput } from "./interval-text.js";

/** Options of the one-task short form: the task's own and the bot's (store, logger, signals...). */
export interface RunTaskOptions extends BotTaskOptions, BotOptions {}

/**
 * Runs one async function on a cron expression (or any schedule), now: the short form for the
 * common case. State goes to the default store, failures are printed, Ctrl-C stops gracefully.
 * A bad expression or zone throws here, naming the task. Returns the running {@link Bot};
 * `await bot.run()` waits until it has stopped, `bot.stop()` stops it. A start-up failure (a
 * store that cannot be opened) is printed and sets `process.exitCode` to 1.
 *
 * @example
 * ```ts
 * schedule("0 9 * * 1-5", { timezone: "Europe/Paris" }, async function morning() {
 *   console.log("Good morning!");
 * });
 * ```
 */
export function schedule(when: string | ScheduleInput, fn: TaskFunction): Bot;
export function schedule(
  when: string | ScheduleInput,
  options: RunTaskOptions,
  fn: TaskFunction,
): Bot;
export function schedule(
  when: string | ScheduleInput,
  optionsOrFn: RunTaskOptions | TaskFunction,
  maybeFn?: TaskFunction,
): Bot {
  const [options, fn] =
    typeof optionsOrFn === "function" ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  const { bot, task } = split(options);
  return start(new Bot(bot).schedule(when, task, fn as TaskFunction), bot);
}

/**
 * Runs one async function every `interval` (`"10m"`, `"1h30m"`, `{ minutes: 10 }`), now, first at
 * start; otherwise the same as {@link schedule}.
 *
 * @example
 * ```ts
 * every("10m", async function poll() {
 *   console.log("checking");
 * });
 * ```
 */
export function every(interval: IntervalInput, fn: TaskFunction): Bot;
export function every(interval: IntervalInput, options: RunTaskOptions, fn: TaskFunction): Bot;
export function every(
  interval: IntervalInput,
  optionsOrFn: RunTaskOptions | TaskFunction,
  maybeFn?: TaskFunction,
): Bot {
  const [options, fn] =
    typeof optionsOrFn === "function" ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  const { bot, task } = split(options);
  return start(new Bot(bot).every(interval, task, fn as TaskFunction), bot);
}

function split(options: RunTaskOptions): { bot: BotOptions; task: BotTaskOptions } {
  const { store, stateDirectory, poster, logger, signals, server, clock, ...task } = options;
  const bot: BotOptions = Object.fromEntries(
    Object.entries({ store, stateDirectory, poster, logger, signals, server, clock }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return { bot, task };
}

function start(bot: Bot, options: BotOptions): Bot {
  bot.run().catch((error: unknown) => {
    const logger = options.logger === null ? null : (options.logger ?? botLogger);
    const message = error instanceof Error ? error.message : String(error);
    logger?.error({ operation: "start" }, `could not start: ${message}`);
    process.exitCode = 1;
  });
  return bot;
}
