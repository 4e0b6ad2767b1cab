// `pnpm example` (the `actor-server` example, examples/server) and `pnpm example:library`
// (examples/quickstart): builds the packages only when a source is newer than its build (quietly:
// the build log is shown only if the build fails), then runs the example in this process group. Ctrl-C reaches the example, which stops gracefully; this script exits with its code.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale = readdirSync(join(root, "packages")).filter((name) => {
  const dir = join(root, "packages", name);
  const built = join(dir, "dist", "index.js");
  if (!existsSync(join(dir, "src"))) return false;
  return !existsSync(built) || newest(join(dir, "src")) > statSync(built).mtimeMs;
});
if (stale.length > 0) {
  process.stdout.write(`building ${stale.join(", ")}... `);
  const started = Date.now();
  const build = spawnSync("pnpm", ["-r", "--filter", "./packages/*", "run", "build"], {
    cwd: root,
    encoding: "utf8",
  });
  if (build.status !== 0) {
    console.log("failed");
    process.stdout.write(build.stdout ?? "");
    process.stderr.write(build.stderr ?? "");
    process.exit(build.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const [which = "server", ...rest] = process.argv.slice(2);
const example = join(root, "examples", which === "library" ? "quickstart" : "server");
const args =
  which === "library"
    ? ["--import", "tsx", join(example, "src", "main.ts"), ...rest]
    : [
        join(root, "packages", "server-bin", "dist", "cli.js"),
        "--config",
        "actor_server.toml",
        ...rest,
      ];
const child = spawn(process.execPath, args, { cwd: example, stdio: "inherit" });
// A terminal's Ctrl-C reaches the whole process group: the example handles it. A signal sent to
// this script alone is passed on.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
