import { DISCORD_LIMITS } from "../limits.js";
import { API_ERRORS, ApiError, invalidFormBody } from "./api-errors.js";
import { apiChannel, apiMessage } from "./api-json.js";
import type { ReceivedBody } from "./read-body.js";
import type { MatchedRoute } from "./routes.js";
import type { TestGuild } from "./test-guild.js";

/** One request, parsed, as the route handlers see it. */
export interface HandlerRequest {
  matched: MatchedRoute;
  query: URLSearchParams;
  body: ReceivedBody;
  now: number;
  /** Base URL for attachment links. */
  baseUrl: string;
}

/** What a handler answers: a status and a JSON body (none for 204). */
export interface HandlerResponse {
  status: number;
  json?: unknown;
}

/** Runs the route's handler against the guild; throws {@link ApiError} for Discord's error answers. */
export function handle(guild: TestGuild, request: HandlerRequest): HandlerResponse {
  const { matched, body, now, baseUrl } = request;
  const [id = "", second = ""] = matched.params;
  switch (matched.route) {
    case "GET /users/@me":
      return {
        status: 200,
        json: { id: guild.botUserId, username: "actor-test-bot", discriminator: "0000", bot: true },
      };
    case "GET /guilds/:id/roles":
      if (id !== guild.guildId) throw API_ERRORS.unknownGuild();
      return { status: 200, json: guild.roles() };
    case "GET /guilds/:id/members/:id":
      if (id !== guild.guildId) throw API_ERRORS.unknownGuild();
      if (second !== guild.botUserId) throw API_ERRORS.unknownMember();
      return {
        status: 200,
        json: {
          user: { id: guild.botUserId, username: "actor-test-bot", bot: true },
          roles: [guild.botRoleId],
          joined_at: new Date(0).toISOString(),
        },
      };
    case "GET /channels/:id":
      return { status: 200, json: apiChannel(guild.visibleChannel(id), guild.overwritesOf(id)) };
    case "GET /channels/:id/messages": {
      guild.visibleChannel(id);
      const limit = Math.min(100, Math.max(1, Number(request.query.get("limit") ?? 50) || 50));
      const list = guild.messages(id).slice(-limit).reverse();
      return { status: 200, json: list.map((m) => apiMessage(m, baseUrl)) };
    }
    case "GET /channels/:id/messages/:id": {
      guild.visibleChannel(id);
      const message = guild.messages(id).find((m) => m.id === second);
      if (message === undefined) throw API_ERRORS.unknownMessage();
      return { status: 200, json: apiMessage(message, baseUrl) };
    }
    case "POST /channels/:id/messages": {
      const channel = guild.postableChannel(id, { id: guild.botUserId, webhookId: null });
      const { message } = guild.createMessage(
        channel,
        { id: guild.botUserId, webhookId: null },
        objectBody(body),
        body.files,
        now,
      );
      return { status: 200, json: apiMessage(message, baseUrl) };
    }
    case "POST /channels/:id/threads":
      return startThread(guild, id, request);
    case "GET /webhooks/:id/:token": {
      const webhook = findWebhook(guild, id, second);
      return {
        status: 200,
        json: {
          id: webhook.id,
          type: 1,
          channel_id: webhook.channelId,
          guild_id: guild.guildId,
          token: webhook.token,
        },
      };
    }
    case "POST /webhooks/:id/:token": {
      const webhook = findWebhook(guild, id, second);
      const threadId = request.query.get("thread_id");
      let channel = guild.postableChannel(webhook.channelId, {
        id: webhook.id,
        webhookId: webhook.id,
      });
      if (threadId !== null) {
        const thread = guild.channels.get(threadId);
        if (
          thread === undefined ||
          !guild.isThread(thread) ||
          thread.parentId !== webhook.channelId
        )
          throw API_ERRORS.unknownChannel();
        channel = thread;
      }
      const json = objectBody(body);
      const { message } = guild.createMessage(
        channel,
        { id: webhook.id, webhookId: webhook.id },
        json,
        body.files,
        now,
        {
          username: typeof json["username"] === "string" ? json["username"] : null,
          avatarUrl: typeof json["avatar_url"] === "string" ? json["avatar_url"] : null,
        },
      );
      return request.query.get("wait") === "true"
        ? { status: 200, json: apiMessage(message, baseUrl) }
        : { status: 204 };
    }
    default:
      throw API_ERRORS.notFound();
  }
}

function startThread(guild: TestGuild, parentId: string, request: HandlerRequest): HandlerResponse {
  const parent = guild.visibleChannel(parentId);
  if (parent.access !== "write") throw API_ERRORS.missingPermissions();
  const json = objectBody(request.body);
  const name = json["name"];
  if (typeof name !== "string" || name.trim() === "" || name.length > DISCORD_LIMITS.threadName) {
    throw invalidFormBody([
      {
        path: ["name"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: `Must be between 1 and ${DISCORD_LIMITS.threadName} in length.`,
      },
    ]);
  }
  const forum = parent.kind === "forum" || parent.kind === "media";
  if (!forum && parent.kind !== "text" && parent.kind !== "announcement")
    throw API_ERRORS.nonTextChannel();
  const starter = json["message"];
  if (forum && (typeof starter !== "object" || starter === null)) {
    throw invalidFormBody([
      { path: ["message"], code: "BASE_TYPE_REQUIRED", message: "This field is required" },
    ]);
  }
  const thread = guild.createChannel({
    kind: "public-thread",
    name,
    parentId: parent.id,
    access: parent.access,
  });
  if (!forum) return { status: 201, json: apiChannel(thread) };
  try {
    const { message } = guild.createMessage(
      thread,
      { id: guild.botUserId, webhookId: null },
      starter as Record<string, unknown>,
      request.body.files,
      request.now,
    );
    return {
      status: 201,
      json: { ...apiChannel(thread), message: apiMessage(message, request.baseUrl) },
    };
  } catch (error) {
    guild.channels.delete(thread.id);
    if (error instanceof ApiError && error.errors !== undefined) {
      throw new ApiError(error.status, error.code, error.message, { message: error.errors });
    }
    throw error;
  }
}

function findWebhook(guild: TestGuild, id: string, token: string) {
  const webhook = guild.webhooks.get(id);
  if (webhook === undefined) throw API_ERRORS.unknownWebhook();
  if (webhook.token !== token) throw API_ERRORS.invalidWebhookToken();
  return webhook;
}

function objectBody(body: ReceivedBody): Record<string, unknown> {
  if (typeof body.json !== "object" || body.json === null || Array.isArray(body.json)) return {};
  return body.json as Record<string, unknown>;
}
