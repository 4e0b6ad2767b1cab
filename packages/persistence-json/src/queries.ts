import type { HistoryQuery, PostQuery, PrunePolicy } from "@actor/core";
import type { StoreState } from "./state.js";
import type { StoredExecution, StoredPost } from "./stored.js";

/** Newest `startedAt` first, then the later id. */
const newestFirst = (a: StoredExecution, b: StoredExecution): number =>
  b.startedAt - a.startedAt || b.id - a.id;

/** A task's executions for `history`: newest first, `before` and `limit` applied. */
export function historyOf(
  state: StoreState,
  taskId: string,
  query: HistoryQuery,
): StoredExecution[] {
  const limit = Math.max(0, query.limit ?? 50);
  const before = query.before?.getTime() ?? Number.POSITIVE_INFINITY;
  const list = state.executionsByTask.get(taskId) ?? [];
  return list
    .filter((e) => e.startedAt < before)
    .sort(newestFirst)
    .slice(0, limit);
}

/** Every running execution, oldest first. */
export function runningOf(state: StoreState): StoredExecution[] {
  return [...state.running.values()].sort((a, b) => newestFirst(b, a));
}

/** The ids `prune(policy)` removes: final records older than `olderThan` or beyond `maxPerTask`. */
export function prunable(state: StoreState, policy: PrunePolicy): number[] {
  const olderThan = policy.olderThan?.getTime();
  const keep = policy.maxPerTask === undefined ? undefined : Math.max(0, policy.maxPerTask);
  const doomed: number[] = [];
  for (const list of state.executionsByTask.values()) {
    const final = list.filter((e) => e.status !== "running");
    if (keep !== undefined && final.length > keep) final.sort(newestFirst);
    final.forEach((e, i) => {
      if ((olderThan !== undefined && e.startedAt < olderThan) || (keep !== undefined && i >= keep))
        doomed.push(e.id);
    });
  }
  return doomed;
}

/** The posts matching `query`, newest `postedAt` first. */
export function postsOf(state: StoreState, query: PostQuery): StoredPost[] {
  const since = query.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const byTask =
    query.taskId === undefined ? undefined : (state.postsByTask.get(query.taskId) ?? []);
  const byActor =
    query.actorName === undefined ? undefined : (state.postsByActor.get(query.actorName) ?? []);
  const candidates =
    byTask !== undefined && byActor !== undefined
      ? byTask.length <= byActor.length
        ? byTask
        : byActor
      : (byTask ?? byActor ?? [...state.posts.values()]);
  return candidates
    .filter(
      (p) =>
        (query.taskId === undefined || p.taskId === query.taskId) &&
        (query.actorName === undefined || p.actorName === query.actorName) &&
        (query.destination === undefined || p.destination === query.destination) &&
        p.postedAt >= since,
    )
    .sort((a, b) => b.postedAt - a.postedAt)
    .slice(0, Math.max(0, query.limit ?? Number.POSITIVE_INFINITY));
}
