import type { ServerProcess } from "../app/server-process.js";
import type { ApiServer } from "../http/api-server.js";
import type { LoggerSlice } from "../observe/logger.js";
import { EXIT } from "./args.js";

/**
 * Keeps the server running until SIGTERM or SIGINT, then shuts down gracefully (runs finish or are
 * recorded `interrupted`, state is saved, the store closed) and resolves with 0. A second signal
 * during shutdown exits at once with 1. SIGHUP reloads the configuration. With `runForSeconds`, the
 * same graceful shutdown starts by itself after that long.
 */
export function handleSignals(parts: {
  proc: ServerProcess;
  api: ApiServer | null;
  logger: LoggerSlice;
  runForSeconds?: number | undefined;
}): Promise<number> {
  const { proc, api, logger } = parts;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const keepAlive = setInterval(() => {}, 1 << 30);
    const onHup = () => {
      logger.info({ signal: "SIGHUP" }, "reloading the configuration");
      void proc.reload();
    };
    const onStop = (signal: NodeJS.Signals | "--run-for") => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting at once");
        process.exit(EXIT.failure);
      }
      stopping = true;
      logger.info({ signal }, "shutting down: letting runs finish");
      void (async () => {
        let code: number = EXIT.ok;
        try {
          await api?.close();
          await proc.stop();
          logger.info({}, "actor-server stopped; state saved");
        } catch (error) {
          logger.error({ error: (error as Error).message }, "shutdown failed");
          code = EXIT.failure;
        }
        clearInterval(keepAlive);
        clearTimeout(runFor);
        process.off("SIGHUP", onHup);
        resolve(code);
      })();
    };
    const runFor =
      parts.runForSeconds === undefined
        ? undefined
        : setTimeout(() => onStop("--run-for"), parts.runForSeconds * 1000);
    process.on("SIGTERM", onStop);
    process.on("SIGINT", onStop);
    process.on("SIGHUP", onHup);
  });
}
