export {
  DiscordPoster,
  DISCORD_POSTER_DEFAULTS,
  type DiscordPosterOptions,
} from "./discord-poster.js";
export type { DiscordContent, DiscordFile, DiscordAllowedMentions } from "./discord-content.js";
export {
  parseDestination,
  isSnowflake,
  type DiscordDestination,
  type ParsedDestination,
} from "./destination.js";
export { DISCORD_LIMITS } from "./limits.js";
export {
  findLimitViolations,
  describeViolations,
  type LimitViolation,
  type CheckedMessage,
} from "./violations.js";
export { splitMessageText } from "./split-message-text.js";
export { prepareMessages, type SplitOption } from "./prepare-messages.js";
export { nonceFor } from "./nonce.js";
export { toActorError, fieldErrors, type ErrorSite } from "./map-error.js";
export type { DiscordRateLimitEvent, DiscordPosterStats } from "./rate-limit-events.js";
export type { DiscordLogger } from "./logger.js";
export {
  DiscordWebhookPoster,
  type DiscordWebhookPosterOptions,
} from "./discord-webhook-poster.js";
export { parseWebhookUrl, type WebhookAddress } from "./webhook-url.js";
export {
  DiscordAlertSink,
  alertContent,
  type DiscordAlert,
  type DiscordAlertSinkOptions,
} from "./discord-alert-sink.js";
