export { runCli, type CliIo } from "./cli/main.js";
export { EXIT, HELP, parseCliArgs, UsageError, type CliArgs } from "./cli/args.js";
export { checkReport } from "./cli/check-report.js";
export {
  loadConfig,
  CONFIG_DEFAULTS,
  redactUrl,
  type LoadConfigOptions,
} from "./config/load-config.js";
export {
  ConfigError,
  isConfigError,
  formatLocation,
  formatPath,
  type ConfigLocation,
  type LocatedProblem,
} from "./config/config-error.js";
export { expandEnv, type ExpansionProblem } from "./config/expand-env.js";
export { didYouMean } from "./config/did-you-mean.js";
export type {
  ActorPlan,
  ActorTarget,
  ConfigOverrides,
  PersistencePlan,
  ServerConfig,
} from "./config/types.js";
export { compose, type Composition, type ComposeDeps } from "./compose/composition.js";
export { CountingPoster, type PostCounter } from "./compose/counting-poster.js";
export { ServerProcess, type ReloadResult, type ServerProcessIo } from "./app/server-process.js";
export { startApiServer, type ApiServer, type ApiServerOptions } from "./http/api-server.js";
export { DASHBOARD_HTML } from "./http/dashboard.js";
export { ServerMetrics } from "./observe/metrics.js";
export { createLogger, type CreateLoggerOptions, type LoggerSlice } from "./observe/logger.js";
export { createRedactor, redactDeep } from "./observe/redactor.js";
