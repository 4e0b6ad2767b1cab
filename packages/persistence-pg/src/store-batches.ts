import { ActorError, type ExecutionRecord } from "@actor/core";
import { Batcher, type ItemResult } from "./batcher.js";
import type { ResolvedStoreOptions } from "./options.js";
import { withRetry, type RetryPolicy } from "./retry.js";
import { executionFromRow, wellFormed, type ExecutionRow, type StateRow } from "./rows.js";
import { beginSlots, type BeginRequest, type BegunRow } from "./sql/begin-slots.js";
import { claimTasks, type ClaimedRow, type ClaimRequest } from "./sql/claim-tasks.js";
import { finishExecutions, type FinishWrite } from "./sql/finish-executions.js";
import { loadTasks } from "./sql/load-tasks.js";
import { releaseLeases, type ReleaseRequest } from "./sql/release-leases.js";
import { saveTasks, type SavedVersion, type TaskWrite } from "./sql/save-tasks.js";
import { settleSlots, type SettledRow, type SettleWrite } from "./sql/settle-slots.js";
import { startExecutions, type ExecutionWrite } from "./sql/start-executions.js";
import type { SqlContext } from "./tables.js";

const ok = <O>(value: O): ItemResult<O> => ({ ok: true, value });

/**
 * The hot calls of a run — claim, load, start, finish, save, release, begin (claim, load and start
 * in one) and settle (finish, save and release in one) — each coalesced across all runs in flight into one statement per batch (see
 * {@link Batcher}), with transient failures retried as a whole batch. One file per statement lives
 * in `src/sql/`.
 */
export class StoreBatches {
  readonly load: Batcher<string, StateRow | null>;
  readonly save: Batcher<TaskWrite, SavedVersion>;
  readonly claim: Batcher<ClaimRequest, ClaimedRow | null>;
  readonly begin: Batcher<BeginRequest, BegunRow | null>;
  readonly release: Batcher<ReleaseRequest, void>;
  readonly start: Batcher<ExecutionWrite, string>;
  readonly finish: Batcher<FinishWrite, ExecutionRecord>;
  readonly settle: Batcher<SettleWrite, SettledRow>;

  constructor(ctx: SqlContext, options: ResolvedStoreOptions) {
    const policy: RetryPolicy = {
      clock: options.clock,
      logger: options.logger,
      retryForMs: options.retryForMs,
      baseDelayMs: options.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs,
    };
    const batch = {
      maxBatchSize: options.maxBatchSize,
      delayMs: options.batchDelayMs,
      concurrency: options.batchConcurrency,
    };
    const retried = <T>(what: string, op: (attempt: number) => Promise<T>) =>
      withRetry(what, policy, op);

    this.load = new Batcher(async (ids) => {
      const rows = await retried("load tasks", () => loadTasks(ctx, ids));
      // Ids as stored: a lone surrogate reaches the database as U+FFFD.
      return ids.map((id) => ok(rows.get(wellFormed(id)) ?? null));
    }, batch);

    this.save = new Batcher(
      async (tasks) => {
        const saved = await retried("save tasks", () => saveTasks(ctx, tasks));
        return tasks.map((task) => {
          const row = saved.get(task.taskId);
          return row ? ok(row) : { ok: false, error: missing("save", task.taskId) };
        });
      },
      { ...batch, key: (task) => task.taskId },
    );

    this.claim = new Batcher(
      async (claims) => {
        const rows = await retried("claim tasks", () => claimTasks(ctx, claims));
        const won = new Map(rows.map((row) => [row.task_id, row]));
        return claims.map((c) => {
          const row = won.get(wellFormed(c.taskId));
          return ok(row && row.lease_owner === c.owner ? row : null);
        });
      },
      { ...batch, key: (c) => c.taskId },
    );

    // A retry after a reply lost in transit finds the lease its own and opens a second record;
    // that one stays `running` and is closed `abandoned` by crash recovery, as with `start`.
    this.begin = new Batcher(
      async (requests) => {
        const rows = await retried("begin slots", () => beginSlots(ctx, requests));
        const won = new Map(rows.map((row) => [row.task_id, row]));
        return requests.map((r) => {
          const row = won.get(wellFormed(r.write.taskId));
          return ok(row && row.lease_owner === r.owner ? row : null);
        });
      },
      { ...batch, key: (r) => r.write.taskId },
    );

    this.release = new Batcher(
      async (releases) => {
        await retried("release leases", () => releaseLeases(ctx, releases));
        return releases.map(() => ok<void>(undefined));
      },
      { ...batch, key: (r) => r.taskId },
    );

    // An insert retried after a lost reply could record a run twice; the duplicate stays `running`
    // and is closed `abandoned` by crash recovery, so no record is ever lost.
    this.start = new Batcher(async (records) => {
      const ids = await retried("record execution starts", () => startExecutions(ctx, records));
      return ids.map((id) => ok(id));
    }, batch);

    this.finish = new Batcher(
      async (outcomes) => {
        let attempts = 0;
        const results = await retried("record execution outcomes", (attempt) => {
          attempts = attempt;
          return finishExecutions(ctx, outcomes);
        });
        return outcomes.map((o): ItemResult<ExecutionRecord> => {
          const row = results.closed.get(o.id);
          if (row) return ok(executionFromRow(row));
          const final = results.final.get(o.id);
          // A retry after a reply lost in transit finds its own outcome already stored.
          if (final && attempts > 1 && sameOutcome(final, o)) return ok(executionFromRow(final));
          return { ok: false, error: notRunning(o.id, final?.status) };
        });
      },
      { ...batch, key: (o) => o.id },
    );

    // Keyed by task: a statement saves each task once. The state is saved in the same transaction
    // as the record is closed, so a retry that finds its own outcome stored finds its state saved.
    this.settle = new Batcher(
      async (slots) => {
        let attempts = 0;
        const results = await retried("settle slots", (attempt) => {
          attempts = attempt;
          return settleSlots(ctx, slots);
        });
        return slots.map((s, i): ItemResult<SettledRow> => {
          const row = results.settled.get(i);
          if (row) return ok(row);
          const final = results.final.get(i);
          // A retry after a reply lost in transit finds its own outcome already stored; the
          // state row answers with its version now (a later save may have moved it on).
          if (final && attempts > 1 && sameOutcome(final, s.finish)) {
            const { state_version: version, state_updated_at: updatedAt } = final;
            if (version !== null && updatedAt !== null)
              return ok({ ...final, state_version: version, state_updated_at: updatedAt });
          }
          return { ok: false, error: notRunning(s.finish.id, final?.status) };
        });
      },
      { ...batch, key: (s) => s.task.taskId },
    );
  }
}

function sameOutcome(row: ExecutionRow, outcome: FinishWrite): boolean {
  return (
    row.status === outcome.status && row.completed_at?.getTime() === outcome.completedAt.getTime()
  );
}

/** Why record `id` could not be closed: unknown (no `status`) or already final. */
function notRunning(id: string, status: string | undefined): ActorError {
  return status === undefined
    ? new ActorError("not-found", `no execution with id ${id}`)
    : new ActorError("invalid-state", `execution ${id} already finished as ${status}`);
}

function missing(what: string, taskId: string): ActorError {
  return new ActorError("internal", `${what} of task ${taskId} returned no row`, {
    context: { taskId },
  });
}
