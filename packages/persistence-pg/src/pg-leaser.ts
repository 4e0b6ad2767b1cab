import {
  ActorError,
  type BegunSlot,
  type Lease,
  type LeaserOptions,
  type SettledSlot,
  type SlotBeginning,
  type SlotSettlement,
  type TaskLeaser,
} from "@actor/core";
import { withRetry, type RetryPolicy } from "./retry.js";
import { executionFromRow, instantOf, taskFromRow, textOf } from "./rows.js";
import { claimDue } from "./sql/claim-due.js";
import type { LeaseRow } from "./sql/claim-tasks.js";
import { releaseOwned } from "./sql/release-leases.js";
import { renewLeases } from "./sql/renew-leases.js";
import type { ClaimSnapshots } from "./claim-snapshots.js";
import type { StoreBatches } from "./store-batches.js";
import type { SqlContext } from "./tables.js";
import {
  executionWrite,
  finishWrite,
  isExecutionId,
  savedTask,
  startedRecord,
  taskWrite,
} from "./writes.js";

/** Above this many ids, `release` skips the batches and gives up the leases in bulk. */
const BULK_RELEASE = 1_000;
/** Ids per bulk release statement. */
const BULK_CHUNK = 20_000;

/**
 * A {@link TaskLeaser} over the lease columns of `actor_server_state`, for several instances on one
 * database. Lease expiry is computed from the `now` the caller passes (the engine's clock), so
 * instances must keep their clocks in step (NTP) to within a small part of the lease duration.
 */
export class PostgresLeaser implements TaskLeaser {
  readonly owner: string;
  readonly #ttlMs: number;

  constructor(
    options: LeaserOptions,
    private readonly ctx: SqlContext,
    private readonly batches: StoreBatches,
    private readonly policy: RetryPolicy,
    private readonly snapshots: ClaimSnapshots,
  ) {
    this.owner = textOf(options.owner, "leaser owner");
    if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
      throw new ActorError(
        "invalid-config",
        `lease ttlMs must be a positive number, not ${String(options.ttlMs)}`,
        {
          context: { key: "ttlMs" },
        },
      );
    }
    this.#ttlMs = options.ttlMs;
  }

  async claimDue(now: Date, limit: number): Promise<Lease[]> {
    const at = instantOf(now, "claimDue now");
    if (!(limit >= 1)) return [];
    const rows = await withRetry("claim due tasks", this.policy, () =>
      claimDue(this.ctx, this.owner, at, this.#expiry(at), Math.min(limit, 10_000)),
    );
    return rows.map(leaseOf);
  }

  async claim(taskIds: readonly string[], now: Date): Promise<Lease[]> {
    const at = instantOf(now, "claim now");
    const expiresAt = this.#expiry(at);
    const won = await Promise.all(
      [...new Set(taskIds)].map((taskId) =>
        this.batches.claim.add({ taskId, owner: this.owner, now: at, expiresAt }),
      ),
    );
    const leases: Lease[] = [];
    for (const row of won) {
      if (!row) continue;
      this.snapshots.put(row);
      leases.push(leaseOf(row));
    }
    return leases;
  }

  async renew(taskIds: readonly string[], now: Date): Promise<Lease[]> {
    const at = instantOf(now, "renew now");
    if (taskIds.length === 0) return [];
    const rows = await withRetry("renew leases", this.policy, () =>
      renewLeases(this.ctx, this.owner, [...new Set(taskIds)], at, this.#expiry(at)),
    );
    const order = new Map(taskIds.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.task_id)! - order.get(b.task_id)!).map(leaseOf);
  }

  async release(taskIds: readonly string[]): Promise<void> {
    for (const taskId of taskIds) this.snapshots.drop(taskId);
    const ids = [...new Set(taskIds)];
    if (ids.length <= BULK_RELEASE) {
      await Promise.all(
        ids.map((taskId) => this.batches.release.add({ taskId, owner: this.owner })),
      );
      return;
    }
    // A long list (shutdown releases every task it knows): one statement per chunk, whose cost
    // follows the leases this owner holds rather than the ids.
    for (let from = 0; from < ids.length; from += BULK_CHUNK) {
      const chunk = ids.slice(from, from + BULK_CHUNK);
      await withRetry("release leases", this.policy, () =>
        releaseOwned(this.ctx, this.owner, chunk),
      );
    }
  }

  /**
   * Closes the record, saves the state and gives up this owner's lease on the task in one
   * statement (batched with the other settlements in flight). The state and the outcome are checked
   * as `saveTask` and `finish` check them, before anything is sent; a record that is unknown or no
   * longer running is a `not-found` or `invalid-state` error and nothing is written. A lease another
   * owner holds meanwhile is kept (the record is closed and the state saved all the same).
   */
  async settle({ executionId, outcome, state }: SlotSettlement): Promise<SettledSlot> {
    const task = taskWrite(state, this.policy.clock.now());
    if (!isExecutionId(executionId))
      throw new ActorError("not-found", `no execution with id ${String(executionId)}`);
    const finish = finishWrite(executionId, outcome);
    this.snapshots.drop(task.taskId);
    const row = await this.batches.settle.add({ finish, task, owner: this.owner });
    return {
      record: executionFromRow(row),
      state: savedTask(task, row.state_version, row.state_updated_at),
    };
  }

  /**
   * Claims the task, reads its state and opens the slot's `running` record in one statement
   * (batched with the other beginnings in flight). The execution is checked as `start` checks it,
   * before anything is sent.
   */
  async begin(beginning: SlotBeginning): Promise<BegunSlot | null> {
    const at = instantOf(beginning?.now, "begin now");
    const write = executionWrite(beginning.execution);
    if (write.status !== "running")
      throw new ActorError(
        "validation",
        `begin: the execution of task ${write.taskId} must be running, not ${write.status}`,
      );
    const row = await this.batches.begin.add({
      owner: this.owner,
      now: at,
      expiresAt: this.#expiry(at),
      onlyIfNotRun: beginning.onlyIfNotRun === true,
      write,
    });
    if (!row) return null;
    return {
      lease: leaseOf(row),
      state: taskFromRow(row),
      record: row.execution_id === null ? null : startedRecord(row.execution_id, write),
    };
  }

  /** When a lease taken at `now` expires, clamped to the last instant a `Date` holds. */
  #expiry(now: Date): Date {
    return new Date(Math.min(now.getTime() + this.#ttlMs, 8.64e15));
  }
}

function leaseOf(row: LeaseRow): Lease {
  return { taskId: row.task_id, owner: row.lease_owner, expiresAt: row.lease_expires_at };
}
