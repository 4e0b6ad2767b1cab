import type { ServerProcess } from "../app/server-process.js";

/**
 * Waits until nothing that was due at `startedAt` is still due or running (the runs started by
 * `--once`), polling the engine's task list; gives up after `limitMs`.
 */
export async function waitForDueRuns(
  proc: ServerProcess,
  startedAt: Date,
  limitMs: number,
): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  await new Promise((r) => setTimeout(r, 50));
  while (Date.now() < deadline) {
    const tasks = await proc.server.listTasks();
    const pending = tasks.filter(
      (t) =>
        t.active &&
        !t.paused &&
        (t.running || (t.nextRun !== null && t.nextRun.getTime() <= startedAt.getTime())),
    );
    if (pending.length === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
