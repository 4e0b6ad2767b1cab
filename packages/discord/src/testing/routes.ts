/** A request matched to one of the server's routes. */
export interface MatchedRoute {
  /** `POST /channels/:id/messages`. */
  route: string;
  params: string[];
  /** The major parameter of the rate-limit bucket (channel id, webhook id). */
  major: string;
  /** Whether the route needs a bot token (webhook routes authenticate by their path). */
  auth: boolean;
}

const ROUTES: { method: string; pattern: RegExp; template: string; auth: boolean }[] = [
  { method: "GET", pattern: /^\/users\/@me$/, template: "/users/@me", auth: true },
  { method: "GET", pattern: /^\/channels\/(\d+)$/, template: "/channels/:id", auth: true },
  { method: "GET", pattern: /^\/guilds\/(\d+)\/roles$/, template: "/guilds/:id/roles", auth: true },
  {
    method: "GET",
    pattern: /^\/guilds\/(\d+)\/members\/(\d+)$/,
    template: "/guilds/:id/members/:id",
    auth: true,
  },
  {
    method: "GET",
    pattern: /^\/channels\/(\d+)\/messages$/,
    template: "/channels/:id/messages",
    auth: true,
  },
  {
    method: "POST",
    pattern: /^\/channels\/(\d+)\/messages$/,
    template: "/channels/:id/messages",
    auth: true,
  },
  {
    method: "GET",
    pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    template: "/channels/:id/messages/:id",
    auth: true,
  },
  {
    method: "POST",
    pattern: /^\/channels\/(\d+)\/threads$/,
    template: "/channels/:id/threads",
    auth: true,
  },
  {
    method: "POST",
    pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
    template: "/webhooks/:id/:token",
    auth: false,
  },
  {
    method: "GET",
    pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
    template: "/webhooks/:id/:token",
    auth: false,
  },
];

/**
 * The API path of a URL path: strips `/api` and an optional `/v10`. `null` when outside `/api`.
 */
export function apiPath(pathname: string): string | null {
  const match = /^\/api(?:\/v\d+)?(\/.*)$/.exec(pathname);
  return match ? match[1]! : null;
}

/** The route for `method` + API `path`, or `null`. */
export function matchRoute(method: string, path: string): MatchedRoute | null {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m === null) continue;
    const params = m.slice(1).map((p) => decodeURIComponent(p));
    const major = r.template.startsWith("/webhooks")
      ? `${params[0]}/${params[1]}`
      : (params[0] ?? "");
    return { route: `${method} ${r.template}`, params, major, auth: r.auth };
  }
  return null;
}
