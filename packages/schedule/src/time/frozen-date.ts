import { ActorError } from "@actor/core";

const SETTERS = Object.getOwnPropertyNames(Date.prototype).filter((name) => name.startsWith("set"));

function readOnly(name: string): () => never {
  return () => {
    throw new ActorError(
      "invalid-state",
      `Date.${name}: this date belongs to a schedule definition, which is shared and read-only; copy it first (new Date(date))`,
    );
  };
}

/** `Date.prototype` with every setter (`setTime`, `setUTCDate`, …) replaced by one that throws. */
const FROZEN_DATE_PROTOTYPE: Date = Object.freeze(
  Object.create(
    Date.prototype,
    Object.fromEntries(SETTERS.map((name) => [name, { value: readOnly(name) }])),
  ) as Date,
);

/**
 * A read-only `Date` at `ms`: still a real `Date` (`instanceof Date`, `toISOString`, `getTime`,
 * JSON, structured clone) but every setter throws an `ActorError` `invalid-state`, so a definition
 * handed out by the parse cache cannot be changed through one of its dates.
 */
export function frozenDate(ms: number): Date {
  const date = new Date(ms);
  Object.setPrototypeOf(date, FROZEN_DATE_PROTOTYPE);
  return Object.freeze(date);
}
