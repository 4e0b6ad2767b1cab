// The loopback Discord server of discord.bench.ts, in its own process, so that the poster's
// figures are not mixed with the server's own work on one event loop. Driven over IPC.
import { startDiscordTestServer, type DiscordTestServer, type DiscordTestServerOptions } from "@actor/discord/testing";

let server: DiscordTestServer | null = null;
const reply = (message: unknown) => process.send!(message);
process.on("message", async (message: { cmd: string; options?: DiscordTestServerOptions; channels?: number }) => {
  if (message.cmd === "start") {
    server = await startDiscordTestServer(message.options);
    const channels = Array.from({ length: message.channels ?? 1 }, () => server!.createChannel().id);
    reply({ apiUrl: server.apiUrl, token: server.token, channels });
  } else if (message.cmd === "stats") {
    const requests = server!.requests;
    reply({ requests: requests.length, refused: requests.filter((r) => r.status === 429).length });
    requests.length = 0;
  } else if (message.cmd === "close") {
    await server?.close();
    reply({ closed: true });
    process.disconnect();
  }
});
