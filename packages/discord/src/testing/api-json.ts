import type { StoredMessage, TestChannel } from "./types.js";

/** A stored message in Discord's API shape (what `POST /channels/:id/messages` returns). */
export function apiMessage(message: StoredMessage, baseUrl: string): Record<string, unknown> {
  return {
    id: message.id,
    type: 0,
    channel_id: message.channelId,
    content: message.content,
    embeds: message.embeds,
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      content_type: a.contentType ?? undefined,
      description: a.description ?? undefined,
      url: `${baseUrl}/attachments/${message.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
      proxy_url: `${baseUrl}/attachments/${message.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
    })),
    author: {
      id: message.authorId,
      username:
        message.username ?? (message.webhookId === null ? "actor-test-bot" : "Captain Hook"),
      discriminator: "0000",
      avatar: null,
      bot: true,
    },
    ...(message.webhookId === null ? {} : { webhook_id: message.webhookId }),
    ...(message.nonce === null ? {} : { nonce: message.nonce }),
    mentions: message.mentions.map((id) => ({
      id,
      username: `user-${id.slice(-4)}`,
      discriminator: "0000",
      avatar: null,
    })),
    mention_roles: message.mentionRoles,
    mention_everyone: message.mentionEveryone,
    pinned: false,
    tts: false,
    timestamp: message.timestamp,
    edited_timestamp: null,
    flags: 0,
    components: [],
  };
}

/** A channel in Discord's API shape. */
export function apiChannel(
  channel: TestChannel,
  overwrites: unknown[] = [],
): Record<string, unknown> {
  return {
    id: channel.id,
    permission_overwrites: overwrites,
    type: channel.type,
    name: channel.name,
    guild_id: channel.guildId,
    parent_id: channel.parentId,
    ...(channel.type >= 10 && channel.type <= 12
      ? {
          thread_metadata: {
            archived: false,
            locked: false,
            auto_archive_duration: 1440,
            archive_timestamp: new Date().toISOString(),
          },
        }
      : {}),
  };
}
