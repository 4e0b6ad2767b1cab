import { describe as describeDefinition } from "./describe.js";

/**
 * A schedule definition in words, for logs and `--check` output. Named so it does not clash with
 * the `describe` of test runners.
 *
 * @example
 * ```ts
 * console.log(describeSchedule({ type: "cron", expression: "0 9 * * 1-5", timezone: "Europe/Paris" }));
 * ```
 */
export const describeSchedule: typeof describeDefinition = describeDefinition;

/**
 * @deprecated Use {@link describeSchedule}: `describe` clashes with vitest's and jest's.
 */
export const describe: typeof describeDefinition = describeDefinition;
