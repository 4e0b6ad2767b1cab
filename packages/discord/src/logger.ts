/**
 * The slice of a logger the Discord posters use: pino's `(object, message)` methods, all optional.
 * Tokens and webhook URLs are never passed to it.
 */
export interface DiscordLogger {
  debug?(data: Record<string, unknown>, message: string): void;
  warn?(data: Record<string, unknown>, message: string): void;
}
