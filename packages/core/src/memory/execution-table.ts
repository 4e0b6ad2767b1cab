import type { NewExecution } from "../execution.js";
import { storeExecution, type StoredExecution } from "./stored-records.js";

/**
 * The memory store's execution log: records in one array in id order (ids are sequence numbers,
 * given out in order), found by binary search. Appending costs one array slot, where a `Map` keyed
 * by id string costs a string and a hash-table entry per record and a rehash of the whole table
 * as it grows; the log is the one structure of the store that grows with every run.
 */
export class ExecutionTable {
  #records: StoredExecution[] = [];
  #nextSeq = 1;

  /** Every record, oldest first (do not modify the array). */
  get all(): readonly StoredExecution[] {
    return this.#records;
  }

  /** Stores a new execution under the next id. */
  add(execution: NewExecution): StoredExecution {
    const record = storeExecution(execution, this.#nextSeq++, this.#records.at(-1));
    this.#records.push(record);
    return record;
  }

  /** The record with `id`, if any (ids are the decimal sequence numbers `add` gave out). */
  get(id: string): StoredExecution | undefined {
    const seq = Number(id);
    if (!Number.isSafeInteger(seq) || String(seq) !== id) return undefined;
    const records = this.#records;
    let lo = 0;
    let hi = records.length - 1;
    // Most lookups are of a recent record: look at the end first.
    if (hi >= 0 && records[hi]!.seq === seq) return records[hi];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = records[mid]!.seq;
      if (at === seq) return records[mid];
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Removes every record `doomed` says yes to; returns how many went. */
  removeWhere(doomed: (record: StoredExecution) => boolean): number {
    const before = this.#records.length;
    this.#records = this.#records.filter((record) => !doomed(record));
    return before - this.#records.length;
  }
}
