import { ActorError } from "@actor/core";

/** A parsed webhook URL. The token is a secret: never log it or put it in a message. */
export interface WebhookAddress {
  id: string;
  token: string;
  /** The API base for `@discordjs/rest` (`https://discord.com/api`). */
  api: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Parses `https://discord.com/api/webhooks/{id}/{token}` (also `discordapp.com`, `ptb.`/`canary.`,
 * a `/v10` version segment, and `http://127.0.0.1:<port>/api/webhooks/...` for a loopback test
 * server). A malformed URL is `ActorError("invalid-config")`; the message never shows the token.
 */
export function parseWebhookUrl(url: string): WebhookAddress {
  const fail = (why: string) =>
    new ActorError(
      "invalid-config",
      `invalid Discord webhook URL: ${why}; expected https://discord.com/api/webhooks/<id>/<token>`,
      {
        context: { platform: "discord", key: "url" },
      },
    );
  if (typeof url !== "string") throw fail(`got ${typeof url}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail("not a URL");
  }
  if (
    parsed.protocol !== "https:" &&
    !(parsed.protocol === "http:" && LOOPBACK.has(parsed.hostname))
  ) {
    throw fail(`${parsed.protocol} is not allowed (https, or http on 127.0.0.1 for tests)`);
  }
  const match = /^(.*?)(?:\/v\d+)?\/webhooks\/(\d{17,20})\/([\w-]+)\/?$/.exec(parsed.pathname);
  if (match === null) throw fail("the path is not /api/webhooks/<id>/<token>");
  return { api: `${parsed.origin}${match[1]}`, id: match[2]!, token: match[3]! };
}
