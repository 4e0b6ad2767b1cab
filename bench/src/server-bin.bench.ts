// actor-server: configuration loading (the example, a 500-actor file, a bad file) and the HTTP API
// (GET /tasks, GET /metrics, GET /tasks/:id/history) of a running server with 100 actors on JSON state.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, ServerProcess, startApiServer } from "@actor/server-bin";

const example = fileURLToPath(new URL("../../examples/server/actor_server.toml", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "actor-bench-server-"));
const silent = { info() {}, warn() {}, error() {}, debug() {} };

function actorsToml(n: number): string {
  let text = `[persistence]\ndirectory = "state"\n\n[http]\nport = 0\n`;
  for (let i = 0; i < n; i++) {
    text += `\n[[actors]]\nname = "a${i}"\ndestination = "#c${i}"\n[actors.schedule]\ntype = "${i % 2 ? "cron" : "interval"}"\n`;
    text +=
      i % 2
        ? `expression = "${i % 60} * * * *"\ntimezone = "Europe/Paris"\n`
        : `seconds = ${3600 + i}\n`;
    text += `[[actors.skills]]\nuse = "format"\ntemplate = "hello {{taskId}}"\n[[actors.skills]]\nuse = "post"\n`;
  }
  return text;
}

async function timeIt(
  rounds: number,
  fn: () => Promise<unknown>,
): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
  };
}

const rows: [string, { median: number; p95: number }][] = [];
writeFileSync(join(work, "big.toml"), actorsToml(500));
writeFileSync(
  join(work, "bad.toml"),
  actorsToml(500).replace("seconds = 3600\n", "seconds = -1\n"),
);
writeFileSync(join(work, "server.toml"), actorsToml(100));

rows.push([
  "load the example config (4 actors, 1 actor file, 1 module)",
  await timeIt(30, () => loadConfig({ file: example, env: {} })),
]);
rows.push([
  "load a 500-actor config",
  await timeIt(10, () => loadConfig({ file: join(work, "big.toml"), env: {} })),
]);
rows.push([
  "reject a 500-actor config (error at actors[0])",
  await timeIt(10, () => loadConfig({ file: join(work, "bad.toml"), env: {} }).catch(() => {})),
]);

const config = await loadConfig({ file: join(work, "server.toml"), env: {} });
const proc = await ServerProcess.start(config, {
  logger: silent,
  writeConsole: () => {},
  reloadConfig: () => loadConfig({ file: join(work, "server.toml"), env: {} }),
});
const api = await startApiServer({
  bind: "127.0.0.1",
  port: 0,
  token: undefined,
  process: proc,
  logger: silent,
  redact: (t) => t,
});
await new Promise((r) => setTimeout(r, 1000));
rows.push([
  "GET /tasks (100 tasks)",
  await timeIt(100, async () => (await fetch(`${api.url}/tasks`)).text()),
]);
rows.push([
  "GET /tasks/a0/history?limit=50",
  await timeIt(200, async () => (await fetch(`${api.url}/tasks/a0/history?limit=50`)).text()),
]);
rows.push([
  "GET /metrics",
  await timeIt(200, async () => (await fetch(`${api.url}/metrics`)).text()),
]);
rows.push(["POST /reload (100 actors, unchanged)", await timeIt(10, async () => proc.reload())]);
await api.close();
await proc.stop();
rmSync(work, { recursive: true, force: true });

console.log("| operation | median ms | p95 ms |");
console.log("| --- | ---: | ---: |");
for (const [name, t] of rows)
  console.log(`| ${name} | ${t.median.toFixed(2)} | ${t.p95.toFixed(2)} |`);
