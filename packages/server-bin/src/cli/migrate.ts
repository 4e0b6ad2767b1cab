import type { ServerConfig } from "../config/types.js";
import type { LoggerSlice } from "../observe/logger.js";
import { EXIT } from "./args.js";

/** `actor-server migrate`: applies the PostgreSQL migrations of `[persistence]`. */
export async function runMigrations(config: ServerConfig, logger: LoggerSlice): Promise<number> {
  if (config.persistence.type !== "postgres") {
    logger.error(
      {},
      'migrate needs PostgreSQL persistence: set [persistence] type = "postgres" and url, or pass --database-url',
    );
    return EXIT.badConfig;
  }
  logger.error(
    {},
    "migrate: PostgreSQL persistence is not available in this build (@actor/persistence-pg is missing)",
  );
  return EXIT.failure;
}
