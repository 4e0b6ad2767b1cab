/** What {@link handleShutdownSignals} stops. */
export interface Stoppable {
  shutdown(): Promise<void>;
}

/** Options of {@link handleShutdownSignals}. */
export interface ShutdownSignalOptions {
  /** The signals that stop the server. Default `["SIGINT", "SIGTERM"]`. */
  signals?: readonly NodeJS.Signals[];
  /** Told when a signal arrives. Default: one line on standard error. */
  onSignal?: (signal: NodeJS.Signals, second: boolean) => void;
  /** Ends the process on a second signal. Default `process.exit`. */
  exit?: (code: number) => void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 2,
  SIGTERM: 15,
  SIGHUP: 1,
};

/**
 * Stops `server` gracefully on the first SIGINT or SIGTERM (runs finish up to the shutdown timeout,
 * state is saved) and exits at once on a second one (exit code 128 + the signal number). Returns a
 * function that removes the handlers; call it once the server has stopped so the process goes back
 * to Node's default signal behaviour. `runForever()` does this for you unless told not to.
 *
 * @example
 * ```ts
 * const release = handleShutdownSignals(server);
 * await server.runForever({ signals: false });
 * release();
 * ```
 */
export function handleShutdownSignals(
  server: Stoppable,
  options: ShutdownSignalOptions = {},
): () => void {
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const tell =
    options.onSignal ??
    ((signal: NodeJS.Signals, second: boolean) =>
      process.stderr.write(
        second
          ? `\n${signal} again: exiting now\n`
          : `\n${signal}: stopping (runs in flight finish first); press Ctrl-C again to exit at once\n`,
      ));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    tell(signal, stopping);
    if (stopping) {
      exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
      return;
    }
    stopping = true;
    void server.shutdown().catch(() => {});
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
