import type { ActorErrorCode } from "./errors.js";

/** The life of one execution record. `running` is the only non-final status. */
export type ExecutionStatus =
  "running" | "succeeded" | "failed" | "timed-out" | "interrupted" | "abandoned" | "skipped";

/** All final statuses. */
export const FINAL_EXECUTION_STATUSES = [
  "succeeded",
  "failed",
  "timed-out",
  "interrupted",
  "abandoned",
  "skipped",
] as const satisfies readonly ExecutionStatus[];

/** One run (or recorded skip) of a task's slot. */
export interface ExecutionRecord {
  id: string;
  taskId: string;
  actorName: string;
  /** The slot (un-jittered). */
  scheduledFor: Date;
  startedAt: Date;
  completedAt: Date | null;
  status: ExecutionStatus;
  /** 1 for the first attempt of the slot. */
  attempt: number;
  errorCode: ActorErrorCode | null;
  errorMessage: string | null;
  skillsSucceeded: number;
  skillsFailed: number;
  skillsSkipped: number;
  /** The process that ran it. */
  instanceId: string;
  /** Skill outputs, posted message ids, skip reasons... JSON-serialisable. */
  metadata: Record<string, unknown>;
}

/** What `ExecutionLog.start` takes: a record without an id. Status defaults to `running`. */
export type NewExecution = Omit<
  ExecutionRecord,
  | "id"
  | "status"
  | "completedAt"
  | "errorCode"
  | "errorMessage"
  | "skillsSucceeded"
  | "skillsFailed"
  | "skillsSkipped"
  | "metadata"
> &
  Partial<
    Pick<
      ExecutionRecord,
      | "status"
      | "completedAt"
      | "errorCode"
      | "errorMessage"
      | "skillsSucceeded"
      | "skillsFailed"
      | "skillsSkipped"
      | "metadata"
    >
  >;

/** How a running execution ended. */
export interface ExecutionOutcome {
  status: Exclude<ExecutionStatus, "running">;
  completedAt: Date;
  errorCode?: ActorErrorCode | null;
  errorMessage?: string | null;
  skillsSucceeded?: number;
  skillsFailed?: number;
  skillsSkipped?: number;
  /** Merged into the record's metadata. */
  metadata?: Record<string, unknown>;
}

/** Options of `ExecutionLog.history`. */
export interface HistoryQuery {
  /** At most this many records (default 50). */
  limit?: number;
  /** Only records that started strictly before this instant (for paging). */
  before?: Date;
}

/** What `ExecutionLog.prune` removes. Both limits apply; a record goes if either says so. */
export interface PrunePolicy {
  /** Remove final records that started before this instant. */
  olderThan?: Date;
  /** Keep at most this many records per task (the newest). */
  maxPerTask?: number;
}

/**
 * The execution history.
 *
 * @example
 * ```ts
 * const rec = await log.start({ taskId: "t", actorName: "a", scheduledFor, startedAt: clock.now(), attempt: 1, instanceId });
 * await log.finish(rec.id, { status: "succeeded", completedAt: clock.now(), skillsSucceeded: 2 });
 * const last10 = await log.history("t", { limit: 10 });
 * ```
 */
export interface ExecutionLog {
  /** Records a new execution and returns it with its id. */
  start(execution: NewExecution): Promise<ExecutionRecord>;
  /**
   * Closes a running execution. Throws `ActorError("not-found")` for an unknown id; finishing an
   * already final record is an `invalid-state` error (the first outcome stays).
   */
  finish(id: string, outcome: ExecutionOutcome): Promise<ExecutionRecord>;
  /** A task's executions, newest `startedAt` first. */
  history(taskId: string, query?: HistoryQuery): Promise<ExecutionRecord[]>;
  /** Every execution still `running` (crash recovery), oldest first. */
  running(): Promise<ExecutionRecord[]>;
  /** Deletes old records; returns how many were removed. Running records are never pruned. */
  prune(policy: PrunePolicy): Promise<number>;
}
