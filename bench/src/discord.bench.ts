// Discord poster benchmarks against the loopback Discord-compatible server (@actor/discord/testing):
// posts per second with a generous bucket (client + our overhead), with Discord's real limits
// (5 per 5 s per channel, 50 per second global: the poster must reach them, not fall short), and
// our own cost per post (validation, mapping, nonce) in microseconds.
// Run with `pnpm bench discord`.
import { DiscordPoster, nonceFor, prepareMessages } from "@actor/discord";
import type { DiscordTestServerOptions } from "@actor/discord/testing";
import { REST } from "@discordjs/rest";
import { once } from "node:events";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: [string, string, string][] = [];
const content = {
  text: "Quote of the day: the best way out is always through.",
  embeds: [
    { title: "Daily", description: "x".repeat(200), fields: [{ name: "by", value: "Frost" }] },
  ],
};
let keyCounter = 0;
const freshKey = () => `bench@2026-01-01T00:00:00.000Z#${keyCounter++}`;

/** The loopback server, running in its own process. */
interface RemoteServer {
  apiUrl: string;
  token: string;
  channels: string[];
  /** Requests and 429s since the last call. */
  stats(): Promise<{ requests: number; refused: number; maxWindows: number }>;
  close(): Promise<void>;
}

async function startServer(
  options: DiscordTestServerOptions,
  channels: number,
): Promise<RemoteServer> {
  const child = fork(fileURLToPath(new URL("./discord-server-process.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
  });
  const ask = async <T>(message: unknown): Promise<T> => {
    child.send(message as object);
    const [answer] = (await once(child, "message")) as [T];
    return answer;
  };
  const started = await ask<{ apiUrl: string; token: string; channels: string[] }>({
    cmd: "start",
    options,
    channels,
  });
  return {
    ...started,
    stats: () => ask({ cmd: "stats", options }),
    close: async () => {
      await ask({ cmd: "close" });
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** Posts `perChannel` messages to each channel, all at once; returns elapsed ms and 429 count. */
async function burst(
  server: RemoteServer,
  poster: DiscordPoster,
  channels: string[],
  perChannel: number,
) {
  await server.stats();
  const start = performance.now();
  await Promise.all(
    channels.flatMap((id) =>
      Array.from({ length: perChannel }, () =>
        poster.post(content, id, { idempotencyKey: freshKey() }),
      ),
    ),
  );
  const ms = performance.now() - start;
  const { refused, maxWindows } = await server.stats();
  return { ms, refused, maxWindows };
}

async function generous() {
  const server = await startServer(
    { bucket: { limit: 1_000_000, windowMs: 1000 }, globalLimit: null },
    8,
  );
  const channels = server.channels;
  const poster = new DiscordPoster({
    token: server.token,
    rest: { api: server.apiUrl, globalRequestsPerSecond: 1_000_000 },
  });
  const raw = new REST({ api: server.apiUrl, globalRequestsPerSecond: 1_000_000 }).setToken(
    server.token,
  );
  const body = { content: content.text, embeds: content.embeds, allowed_mentions: { parse: [] } };
  await burst(server, poster, channels, 50); // warm-up
  for (const id of channels) await raw.post(`/channels/${id}/messages`, { body });
  const n = 8 * 250;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rounds = {
    poster: [] as number[],
    raw: [] as number[],
    posterCpu: [] as number[],
    rawCpu: [] as number[],
  };
  for (let round = 0; round < 5; round++) {
    let cpu = process.cpuUsage();
    const viaPoster = await burst(server, poster, channels, 250);
    cpu = process.cpuUsage(cpu);
    rounds.poster.push(n / (viaPoster.ms / 1000));
    rounds.posterCpu.push((cpu.user + cpu.system) / n);
    cpu = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      channels.flatMap((id) =>
        Array.from({ length: 250 }, () => raw.post(`/channels/${id}/messages`, { body })),
      ),
    );
    const viaRaw = performance.now() - start;
    cpu = process.cpuUsage(cpu);
    rounds.raw.push(n / (viaRaw / 1000));
    rounds.rawCpu.push((cpu.user + cpu.system) / n);
  }
  rows.push([
    "generous bucket, 8 channels × 250 posts: DiscordPoster",
    `${fmt(median(rounds.poster))} posts/s`,
    `median of 5 rounds; ${fmt(median(rounds.posterCpu), 0)} µs CPU/post in the client process`,
  ]);
  rows.push([
    "same, bare @discordjs/rest client (no validation, nonce, mapping)",
    `${fmt(median(rounds.raw))} posts/s`,
    `median of 5 rounds; ${fmt(median(rounds.rawCpu), 0)} µs CPU/post in the client process`,
  ]);
  rows.push([
    "our overhead: client-process CPU, poster minus bare client",
    `${fmt(median(rounds.posterCpu) - median(rounds.rawCpu), 1)} µs/post`,
    "server in its own process",
  ]);
  await server.close();
}

function ownCost() {
  const n = 50_000;
  for (let i = 0; i < 5_000; i++) prepareMessages(content, false, "123456789012345678");
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    prepareMessages(content, false, "123456789012345678");
    nonceFor(`bench@2026-01-01T00:00:00.000Z#${i}`);
  }
  const cpu = process.cpuUsage(start);
  rows.push([
    "our CPU per post: validate every limit, map, derive the nonce",
    `${fmt((cpu.user + cpu.system) / n, 2)} µs/post`,
    `${fmt(n)} posts`,
  ]);
  const long = "word ".repeat(1_000);
  const t = process.cpuUsage();
  for (let i = 0; i < 500; i++) prepareMessages({ text: long }, true, "123456789012345678");
  const c = process.cpuUsage(t);
  rows.push([
    "splitting 5,000 characters into 3 messages (graphemes)",
    `${fmt((c.user + c.system) / 500, 0)} µs`,
    "500 times",
  ]);
}

async function discordLimits() {
  // Discord's per-channel message bucket: 5 per 5 s. 6 channels × 15 posts need 3 windows: 10 s at the least.
  const server = await startServer({ bucket: { limit: 5, windowMs: 5_000 } }, 6);
  const channels = server.channels;
  const poster = new DiscordPoster({ token: server.token, rest: { api: server.apiUrl } });
  const perChannel = 15;
  const { ms, refused, maxWindows } = await burst(server, poster, channels, perChannel);
  const minimum = (Math.ceil(perChannel / 5) - 1) * 5_000;
  const fewest = Math.ceil(perChannel / 5);
  rows.push([
    "Discord's channel limit (5 per 5 s), 6 channels × 15 posts",
    `${fmt((channels.length * perChannel) / (ms / 1000), 2)} posts/s`,
    `${fmt(ms / 1000, 2)} s (${fmt(minimum / 1000, 1)} s + the last window's requests at the least); ${maxWindows} bucket windows per channel, the fewest possible is ${fewest}; ${refused} × 429`,
  ]);
  await server.close();

  // Discord's global limit: 50 requests per second per bot. 300 posts over 60 channels (one window each).
  const global = await startServer({ bucket: { limit: 5, windowMs: 5_000 } }, 60);
  const many = global.channels;
  const globalPoster = new DiscordPoster({ token: global.token, rest: { api: global.apiUrl } });
  const g = await burst(global, globalPoster, many, 5);
  rows.push([
    "Discord's global limit (50/s), 60 channels × 5 posts",
    `${fmt(300 / (g.ms / 1000), 1)} posts/s`,
    `${fmt(g.ms / 1000, 2)} s for 300 posts, ${g.refused} × 429 (limit 50/s)`,
  ]);
  await global.close();
}

ownCost();
await generous();
await discordLimits();
const width = Math.max(...rows.map((r) => r[0].length));
const width2 = Math.max(...rows.map((r) => r[1].length));
console.log(`${"scenario".padEnd(width)} | ${"result".padEnd(width2)} | note`);
console.log(`${"-".repeat(width)}-|-${"-".repeat(width2)}-|-----`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(width)} | ${b.padEnd(width2)} | ${c}`);
