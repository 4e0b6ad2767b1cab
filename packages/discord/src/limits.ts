/**
 * Discord's message limits (lengths in UTF-16 code units, as Discord counts them). One typed
 * constant shared by the poster's validation and the loopback test server.
 */
export const DISCORD_LIMITS = {
  /** Characters of `content`. */
  content: 2000,
  /** Embeds per message. */
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  /** Fields per embed. */
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  /** Sum of titles, descriptions, field names and values, footers and author names of a message. */
  embedTotal: 6000,
  /** Attachments per message. */
  files: 10,
  /** Bytes of all attachments of a message (Discord's upload limit without boosts). */
  uploadBytes: 10 * 1024 * 1024,
  /** Characters of a nonce. */
  nonce: 25,
  /** Characters of a thread (forum post) name. */
  threadName: 100,
  /** Characters of a webhook username override. */
  username: 80,
} as const satisfies Record<string, number>;
