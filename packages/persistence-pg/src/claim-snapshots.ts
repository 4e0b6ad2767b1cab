import type { StateRow } from "./rows.js";

/** How long a claim's read of a task answers the next `loadTask` of it. */
const FRESH_MS = 1_000;

/**
 * The task state each claim of this store read, kept for the one `loadTask` the engine makes
 * right after winning a claim: the claim statement already read the row under the lease it just
 * took, so a second round trip would only read it again. A snapshot answers one load, within a
 * second, and is dropped by any save, delete or release of the task through this store.
 */
export class ClaimSnapshots {
  readonly #rows = new Map<string, { row: StateRow; at: number }>();

  put(row: StateRow): void {
    this.#rows.set(row.task_id, { row, at: performance.now() });
  }

  /** The snapshot of `taskId` if fresh, removing it. */
  take(taskId: string): StateRow | null {
    const held = this.#rows.get(taskId);
    if (!held) return null;
    this.#rows.delete(taskId);
    return performance.now() - held.at <= FRESH_MS ? held.row : null;
  }

  drop(taskId: string): void {
    this.#rows.delete(taskId);
  }
}
