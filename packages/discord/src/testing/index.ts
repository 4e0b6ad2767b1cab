export { startDiscordTestServer, type DiscordTestServer } from "./discord-test-server.js";
export { FaultInjector, type FaultHandle } from "./faults.js";
export { SnowflakeGenerator, snowflakeTime, DISCORD_EPOCH } from "./snowflake.js";
export type { RateLimit } from "./rate-limiter.js";
export {
  CHANNEL_TYPES,
  type CreateChannelOptions,
  type DiscordTestServerOptions,
  type Fault,
  type FaultKind,
  type FaultRule,
  type LoggedRequest,
  type StoredAttachment,
  type StoredMessage,
  type TestChannel,
  type TestChannelAccess,
  type TestChannelKind,
} from "./types.js";
