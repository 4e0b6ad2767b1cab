import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ActorError, isActorError } from "@actor/core";
import type { ServerProcess } from "../app/server-process.js";
import type { LoggerSlice } from "../observe/logger.js";
import { isAuthorized } from "./auth.js";
import { DASHBOARD_HTML } from "./dashboard.js";
import { historyQuery, taskView } from "./task-views.js";

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  bind: string;
  port: number;
  token: string | undefined;
  /** The running server; a getter, since tests and reloads may swap nothing but read it late. */
  process: ServerProcess;
  logger: LoggerSlice;
  redact: (text: string) => string;
}

/** A listening API server. */
export interface ApiServer {
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, id: string) => Promise<void>;
interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  mutation: boolean;
  handle: Handler;
}

/**
 * The HTTP control API on `node:http` (a handful of routes needs no framework): health, readiness,
 * Prometheus metrics, tasks and their history, trigger/pause/resume, reload and the dashboard.
 * Mutations need `Authorization: Bearer <token>`. Errors are JSON `{ error }` with 400, 401, 404,
 * 405, 409 or 503 — never a stack trace.
 *
 * @example
 * ```ts
 * const api = await startApiServer({ bind: "127.0.0.1", port: 8080, token, process: proc, logger, redact });
 * ```
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { process: proc, logger, redact } = options;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = redact(JSON.stringify(body, null, 2));
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(text);
  };
  const routes: Route[] = [
    {
      method: "GET",
      pattern: /^\/$/,
      mutation: false,
      handle: async (_q, res) =>
        void (
          res.writeHead(200, {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy":
              "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
          }),
          res.end(DASHBOARD_HTML)
        ),
    },
    {
      method: "GET",
      pattern: /^\/health$/,
      mutation: false,
      handle: async (_q, res) => json(res, 200, { status: "ok" }),
    },
    {
      method: "GET",
      pattern: /^\/ready$/,
      mutation: false,
      handle: async (_q, res) => {
        const ready = await proc.ready();
        json(res, ready.ready ? 200 : 503, ready);
      },
    },
    {
      method: "GET",
      pattern: /^\/metrics$/,
      mutation: false,
      handle: async (_q, res) => {
        const text = await proc.metrics.render();
        res.writeHead(200, { "content-type": proc.metrics.contentType });
        res.end(text);
      },
    },
    {
      method: "GET",
      pattern: /^\/tasks$/,
      mutation: false,
      handle: async (_q, res) => {
        const tasks = await proc.server.listTasks();
        json(res, 200, {
          instanceId: proc.server.instanceId,
          tasks: await Promise.all(tasks.map((t) => taskView(t, proc))),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/tasks\/([^/]+)$/,
      mutation: false,
      handle: async (_q, res, id) =>
        json(res, 200, await taskView(await proc.server.taskStatus(id), proc)),
    },
    {
      method: "GET",
      pattern: /^\/tasks\/([^/]+)\/history$/,
      mutation: false,
      handle: async (req, res, id) => {
        const query = historyQuery(new URL(req.url ?? "/", "http://x").searchParams);
        await proc.server.taskStatus(id);
        json(res, 200, { taskId: id, executions: await proc.store.history(id, query) });
      },
    },
    {
      method: "POST",
      pattern: /^\/tasks\/([^/]+)\/trigger$/,
      mutation: true,
      handle: async (_q, res, id) =>
        json(res, 200, { execution: await proc.server.executeTask(id) }),
    },
    {
      method: "POST",
      pattern: /^\/tasks\/([^/]+)\/pause$/,
      mutation: true,
      handle: async (_q, res, id) =>
        json(res, 200, await taskView(await proc.server.pauseTask(id), proc)),
    },
    {
      method: "POST",
      pattern: /^\/tasks\/([^/]+)\/resume$/,
      mutation: true,
      handle: async (_q, res, id) =>
        json(res, 200, await taskView(await proc.server.resumeTask(id), proc)),
    },
    {
      method: "POST",
      pattern: /^\/reload$/,
      mutation: true,
      handle: async (_q, res) => {
        const result = await proc.reload();
        json(
          res,
          result.ok ? 200 : 400,
          result.ok
            ? { reloaded: true, tasks: result.tasks, restartNeeded: result.restartNeeded }
            : { reloaded: false, error: result.error },
        );
      },
    },
  ];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      logger.error({ error: String((error as Error)?.message ?? error) }, "HTTP handler failed");
      if (!res.headersSent) json(res, 500, { error: "internal error" });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    let pathname: string;
    try {
      pathname = new URL(req.url ?? "/", "http://x").pathname;
    } catch {
      return json(res, 400, { error: "malformed request URL" });
    }
    const matching = routes.filter((r) => r.pattern.test(pathname));
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      if (matching.length > 0) {
        res.setHeader("allow", matching.map((r) => r.method).join(", "));
        return json(res, 405, {
          error: `${req.method} is not allowed on ${pathname}; use ${matching.map((r) => r.method).join(" or ")}`,
        });
      }
      return json(res, 404, { error: `no such endpoint: ${req.method} ${pathname}` });
    }
    if (route.mutation && !isAuthorized(req, options.token)) {
      res.setHeader("www-authenticate", 'Bearer realm="actor-server"');
      return json(res, 401, {
        error:
          options.token === undefined
            ? "mutations are disabled: set [http] token in the configuration"
            : "missing or wrong bearer token (Authorization: Bearer <token>)",
      });
    }
    let id = "";
    try {
      id = decodeURIComponent(route.pattern.exec(pathname)?.[1] ?? "");
    } catch {
      return json(res, 400, { error: "malformed task id in the URL" });
    }
    try {
      await route.handle(req, res, id);
    } catch (error) {
      const e = isActorError(error) ? error : ActorError.from(error);
      const status =
        e.code === "not-found"
          ? 404
          : e.code === "validation"
            ? 400
            : e.code === "invalid-state" || e.code === "conflict"
              ? 409
              : e.code === "unavailable"
                ? 503
                : 500;
      if (status === 500)
        logger.error({ code: e.code, error: e.message, path: pathname }, "HTTP request failed");
      json(res, status, { error: e.message, code: e.code });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.bind, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
