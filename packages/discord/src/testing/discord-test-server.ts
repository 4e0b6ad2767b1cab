import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { API_ERRORS, ApiError } from "./api-errors.js";
import { FaultInjector } from "./faults.js";
import { handle, type HandlerResponse } from "./handlers.js";
import { RateLimiter } from "./rate-limiter.js";
import { BodyError, readBody, type ReceivedBody } from "./read-body.js";
import { apiPath, matchRoute } from "./routes.js";
import { TestGuild } from "./test-guild.js";
import type {
  CreateChannelOptions,
  DiscordTestServerOptions,
  LoggedRequest,
  StoredMessage,
  TestChannel,
  TestChannelAccess,
} from "./types.js";

/** A running Discord-compatible test server; see {@link startDiscordTestServer}. */
export interface DiscordTestServer {
  /** Pass as `@discordjs/rest`'s `api` option: `http://127.0.0.1:<port>/api`. */
  readonly apiUrl: string;
  /** The first accepted bot token. */
  readonly token: string;
  /** The bot's user id (the author of its messages). */
  readonly botUserId: string;
  /** The id of the one guild every channel belongs to. */
  readonly guildId: string;
  /** Every request answered, oldest first. Clear it with `requests.length = 0`. */
  readonly requests: LoggedRequest[];
  /** Planned failures by channel, route and call count. */
  readonly faults: FaultInjector;
  /** Creates a channel (text by default, writable by the bot). */
  createChannel(options?: CreateChannelOptions): TestChannel;
  /** Changes what the bot may do in a channel. */
  setAccess(channelId: string, access: TestChannelAccess): void;
  /** A webhook URL (`<apiUrl>/webhooks/<id>/<token>`) posting to the channel; one webhook per channel. */
  webhookUrl(channelId: string): string;
  /** The messages stored in a channel or thread, oldest first (a copy). */
  messages(channelId: string): StoredMessage[];
  /** The threads created under a channel (forum posts). */
  threads(parentId: string): TestChannel[];
  /** Accepts another bot token. */
  acceptToken(token: string): void;
  /** Stops accepting a bot token (its requests answer 401). */
  revokeToken(token: string): void;
  /** Stops the server and drops open connections. Idempotent. */
  close(): Promise<void>;
}

const DEFAULTS = {
  tokens: ["test-bot-token"],
  bucket: { limit: 5, windowMs: 5000 },
  globalLimit: { limit: 50, windowMs: 1000 },
  nonceWindowMs: 300_000,
  host: "127.0.0.1",
  port: 0,
} satisfies Required<Omit<DiscordTestServerOptions, "channels">>;

/**
 * Starts a Discord-compatible HTTP server on 127.0.0.1 for tests: channel, thread, forum and
 * webhook message routes with Discord's limits, auth, `enforce_nonce` de-duplication, honest
 * rate-limit buckets and 429s, fault injection and a request log.
 *
 * @example
 * ```ts
 * const server = await startDiscordTestServer({ bucket: { limit: 5, windowMs: 500 } });
 * const channel = server.createChannel();
 * const poster = new DiscordPoster({ token: server.token, rest: { api: server.apiUrl } });
 * await poster.post({ text: "hi" }, channel.id, { idempotencyKey: "daily@2026-01-01T09:00:00.000Z" });
 * server.messages(channel.id); // [{ content: "hi", ... }]
 * await server.close();
 * ```
 */
export async function startDiscordTestServer(
  options: DiscordTestServerOptions = {},
): Promise<DiscordTestServer> {
  const settings = { ...DEFAULTS, ...options };
  if (settings.tokens.length === 0)
    throw new TypeError("startDiscordTestServer: tokens must not be empty");
  const tokens = new Set(settings.tokens);
  const guild = new TestGuild(settings.nonceWindowMs);
  const limiter = new RateLimiter(settings.bucket, settings.globalLimit);
  const faults = new FaultInjector();
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const webhooks = new Map<string, string>();
  let baseUrl = "";

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      // A bug of the test server itself: answer like Discord's own failures rather than hang.
      if (res.headersSent || res.destroyed) return void res.destroy();
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "500: Internal Server Error", code: 0 }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = apiPath(url.pathname);
    const method = req.method ?? "GET";
    const matched = path === null ? null : matchRoute(method, path);
    const entry: LoggedRequest = {
      at: now,
      method,
      path: path ?? url.pathname,
      route: matched?.route ?? null,
      channelId: null,
      status: 0,
      code: null,
      nonce: null,
      body: undefined,
      files: [],
      fault: null,
    };
    requests.push(entry);
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      if (status >= 400 && typeof json === "object" && json !== null) {
        const code = (json as { code?: unknown }).code;
        entry.code = typeof code === "number" ? code : null;
      }
      if (res.destroyed) return;
      res.writeHead(
        status,
        json === undefined ? headers : { ...headers, "content-type": "application/json" },
      );
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };

    let body: ReceivedBody;
    try {
      body = await readBody(req);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      return send(status, { message: (error as Error).message, code: 0 });
    }
    entry.body = body.json;
    entry.files = body.files.map((f) => ({
      name: f.name,
      size: f.data.byteLength,
      contentType: f.contentType,
    }));
    const nonce = (body.json as { nonce?: unknown } | undefined)?.nonce;
    if (typeof nonce === "string" || typeof nonce === "number") entry.nonce = String(nonce);
    if (matched === null) return send(404, API_ERRORS.notFound().body());
    entry.channelId = matched.route.includes("/webhooks/")
      ? (guild.webhooks.get(matched.params[0] ?? "")?.channelId ?? null)
      : matched.route.includes("/channels/")
        ? (matched.params[0] ?? null)
        : null;

    let identity: string | null = null;
    if (matched.auth) {
      const header = req.headers.authorization ?? "";
      const token = header.startsWith("Bot ") ? header.slice(4) : null;
      if (token === null || !tokens.has(token)) return send(401, API_ERRORS.unauthorized().body());
      identity = token;
    }
    const decision = limiter.take(identity, matched.route, matched.major, now);
    if (!decision.allowed) {
      const retryAfter = decision.retryAfterMs / 1000;
      return send(
        429,
        {
          message: "You are being rate limited.",
          retry_after: retryAfter,
          global: decision.scope === "global",
        },
        decision.headers,
      );
    }
    const fault = faults.take(matched.route, entry.channelId);
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === "rate-limit") {
      const seconds = (fault.retryAfterMs / 1000).toFixed(3);
      const scope = fault.global === true ? "global" : "user";
      const headers: Record<string, string> = {
        ...decision.headers,
        "retry-after": seconds,
        "x-ratelimit-scope": scope,
      };
      if (fault.global === true) headers["x-ratelimit-global"] = "true";
      return send(
        429,
        {
          message: "You are being rate limited.",
          retry_after: fault.retryAfterMs / 1000,
          global: fault.global === true,
        },
        headers,
      );
    }
    if (fault?.kind === "error") {
      const error =
        fault.status >= 500
          ? API_ERRORS.serverError(fault.status)
          : new ApiError(
              fault.status,
              fault.code ?? 0,
              fault.message ?? `${fault.status}: Planned failure`,
              fault.errors,
            );
      return send(fault.status, error.body(), decision.headers);
    }
    const stage =
      fault?.kind === "delay" || fault?.kind === "drop"
        ? (fault.stage ?? (fault.kind === "delay" ? "after" : "before"))
        : null;
    if (fault?.kind === "drop" && stage === "before") return void res.destroy();
    if (fault?.kind === "delay" && stage === "before") await sleep(fault.ms);

    let answer: HandlerResponse;
    try {
      answer = handle(guild, { matched, query: url.searchParams, body, now: Date.now(), baseUrl });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return send(error.status, error.body(), decision.headers);
    }
    if (fault?.kind === "drop") {
      entry.status = 0;
      return void res.destroy();
    }
    if (fault?.kind === "delay" && stage === "after") await sleep(fault.ms);
    send(answer.status, answer.json, decision.headers);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${settings.host}:${address.port}`;
  const apiUrl = `${baseUrl}/api`;
  for (const channel of options.channels ?? []) guild.createChannel(channel);
  let closed: Promise<void> | null = null;

  return {
    apiUrl,
    token: settings.tokens[0]!,
    botUserId: guild.botUserId,
    guildId: guild.guildId,
    requests,
    faults,
    createChannel: (channelOptions) => ({ ...guild.createChannel(channelOptions) }),
    setAccess(channelId, access) {
      const channel = guild.channels.get(channelId);
      if (channel === undefined) throw new TypeError(`unknown channel ${channelId}`);
      channel.access = access;
    },
    webhookUrl(channelId) {
      let url = webhooks.get(channelId);
      if (url === undefined) {
        const webhook = guild.createWebhook(channelId);
        url = `${apiUrl}/webhooks/${webhook.id}/${webhook.token}`;
        webhooks.set(channelId, url);
      }
      return url;
    },
    messages: (channelId) => guild.messages(channelId).map((m) => ({ ...m })),
    threads: (parentId) =>
      [...guild.channels.values()].filter((c) => c.parentId === parentId).map((c) => ({ ...c })),
    acceptToken: (token) => void tokens.add(token),
    revokeToken: (token) => void tokens.delete(token),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
