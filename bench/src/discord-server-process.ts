// The loopback Discord server of discord.bench.ts, in its own process, so that the poster's
// figures are not mixed with the server's own work on one event loop. Driven over IPC.
import {
  startDiscordTestServer,
  type DiscordTestServer,
  type DiscordTestServerOptions,
  type LoggedRequest,
} from "@actor/discord/testing";

interface Command {
  cmd: "start" | "stats" | "close";
  options?: DiscordTestServerOptions;
  channels?: number;
}

let server: DiscordTestServer | null = null;
const reply = (message: unknown) => process.send!(message);

/** The most bucket windows one channel used, counted as the server counts them. */
function maxWindows(requests: readonly LoggedRequest[], windowMs: number): number {
  const windows = new Map<string, { start: number; count: number }>();
  for (const r of requests) {
    if (r.channelId === null || r.status === 429) continue;
    const w = windows.get(r.channelId);
    if (w === undefined) windows.set(r.channelId, { start: r.at, count: 1 });
    else if (r.at - w.start >= windowMs)
      windows.set(r.channelId, { start: r.at, count: w.count + 1 });
  }
  return Math.max(0, ...[...windows.values()].map((w) => w.count));
}

process.on("message", async (message: Command) => {
  if (message.cmd === "start") {
    server = await startDiscordTestServer(message.options);
    const channels = Array.from(
      { length: message.channels ?? 1 },
      () => server!.createChannel().id,
    );
    reply({
      apiUrl: server.apiUrl,
      token: server.token,
      channels,
      windowMs: message.options?.bucket?.windowMs ?? 5_000,
    });
  } else if (message.cmd === "stats") {
    const requests = server!.requests;
    reply({
      requests: requests.length,
      refused: requests.filter((r) => r.status === 429).length,
      maxWindows: maxWindows(requests, message.options?.bucket?.windowMs ?? 5_000),
    });
    requests.length = 0;
  } else {
    await server?.close();
    reply({ closed: true });
    process.disconnect();
  }
});
