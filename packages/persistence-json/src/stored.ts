import type {
  ActorErrorCode,
  ExecutionRecord,
  ExecutionStatus,
  PauseReason,
  PostRecord,
  TaskState,
} from "@actor/core";

/**
 * The store's own records. Instants are epoch milliseconds (NaN for none) and free-form data
 * (metadata, message ids) is kept as the JSON text the journal holds: a stored record shares
 * nothing with a caller's objects, and every value in it is known to survive a reload unchanged.
 */
export interface StoredTask {
  taskId: string;
  actorName: string;
  lastRun: number;
  nextRun: number;
  consecutiveFailures: number;
  paused: boolean;
  pauseReason: PauseReason | null;
  completed: boolean;
  active: boolean;
  scheduleKey: string | null;
  version: number;
  updatedAt: number;
  /** JSON text of `metadata`. */
  metadata: string;
}

/** An execution record; `id` is the decimal sequence number given out by `start`. */
export interface StoredExecution {
  id: number;
  taskId: string;
  actorName: string;
  scheduledFor: number;
  startedAt: number;
  completedAt: number;
  status: ExecutionStatus;
  attempt: number;
  errorCode: ActorErrorCode | null;
  errorMessage: string | null;
  skillsSucceeded: number;
  skillsFailed: number;
  skillsSkipped: number;
  instanceId: string;
  /** JSON text of `metadata`. */
  metadata: string;
}

/** A post record. */
export interface StoredPost {
  idempotencyKey: string;
  taskId: string;
  actorName: string;
  platform: string;
  destination: string;
  contentId: string | null;
  /** JSON text of `messageIds`. */
  messageIds: string;
  postedAt: number;
  /** JSON text of `metadata`. */
  metadata: string;
}

/** One registered server incarnation (see `registerInstance`). */
export interface StoredInstance {
  instanceId: string;
  incarnation: string;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
  expiresAt: number;
}

const dateOf = (ms: number): Date | null => (Number.isNaN(ms) ? null : new Date(ms));

/** A fresh {@link TaskState} for a caller. */
export function taskOf(s: StoredTask): TaskState {
  return {
    taskId: s.taskId,
    actorName: s.actorName,
    lastRun: dateOf(s.lastRun),
    nextRun: dateOf(s.nextRun),
    consecutiveFailures: s.consecutiveFailures,
    paused: s.paused,
    pauseReason: s.pauseReason,
    completed: s.completed,
    active: s.active,
    scheduleKey: s.scheduleKey,
    metadata: JSON.parse(s.metadata) as Record<string, unknown>,
    version: s.version,
    updatedAt: new Date(s.updatedAt),
  };
}

/** A fresh {@link ExecutionRecord} for a caller. */
export function executionOf(s: StoredExecution): ExecutionRecord {
  return {
    id: String(s.id),
    taskId: s.taskId,
    actorName: s.actorName,
    scheduledFor: new Date(s.scheduledFor),
    startedAt: new Date(s.startedAt),
    completedAt: dateOf(s.completedAt),
    status: s.status,
    attempt: s.attempt,
    errorCode: s.errorCode,
    errorMessage: s.errorMessage,
    skillsSucceeded: s.skillsSucceeded,
    skillsFailed: s.skillsFailed,
    skillsSkipped: s.skillsSkipped,
    instanceId: s.instanceId,
    metadata: JSON.parse(s.metadata) as Record<string, unknown>,
  };
}

/** A fresh {@link PostRecord} for a caller. */
export function postOf(s: StoredPost): PostRecord {
  return {
    idempotencyKey: s.idempotencyKey,
    taskId: s.taskId,
    actorName: s.actorName,
    platform: s.platform,
    destination: s.destination,
    contentId: s.contentId,
    messageIds: JSON.parse(s.messageIds) as string[],
    postedAt: new Date(s.postedAt),
    metadata: JSON.parse(s.metadata) as Record<string, unknown>,
  };
}

/** The registrations of one instance id: the live incarnation and the last one that left. */
export interface StoredInstanceSlot {
  instanceId: string;
  current: StoredInstance | null;
  last: StoredInstance | null;
}
