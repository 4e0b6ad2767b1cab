// Packs every publishable package with `pnpm pack`, installs the tarballs into a clean folder and
// imports each one from there, the way a user's project would. A broken `exports` map, a missing
// `dist` file or a dependency left out of package.json fails this check.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const packagesDir = join(root, "packages");
const work = mkdtempSync(join(tmpdir(), "actor-pack-"));
const tarballs = join(work, "tarballs");
const consumer = join(work, "consumer");

const pkgs = readdirSync(packagesDir)
  .map((dir) => ({ dir: join(packagesDir, dir), manifest: join(packagesDir, dir, "package.json") }))
  .filter((p) => existsSync(p.manifest))
  .map((p) => ({ ...p, json: JSON.parse(readFileSync(p.manifest, "utf8")) }))
  .filter((p) => !p.json.private);

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
let failures = 0;
try {
  const files = {};
  for (const p of pkgs) {
    const out = run("pnpm", ["pack", "--pack-destination", tarballs], p.dir).trim().split("\n");
    const tgz = out
      .reverse()
      .find((l) => l.trim().endsWith(".tgz"))
      ?.trim();
    if (!tgz) throw new Error(`pnpm pack printed no tarball for ${p.json.name}`);
    files[p.json.name] = tgz.startsWith("/") ? tgz : join(tarballs, tgz);
  }
  // Workspace deps of a tarball resolve to the other tarballs, as they would to published versions.
  const overrides = Object.fromEntries(
    Object.entries(files).map(([name, f]) => [name, `file:${f}`]),
  );
  mkdirSync(consumer, { recursive: true });
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify(
      { name: "consumer", private: true, type: "module", dependencies: overrides, overrides },
      null,
      2,
    ),
  );
  run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    consumer,
  );
  for (const p of pkgs) {
    const name = p.json.name;
    try {
      const mod = await import(join(consumer, "node_modules", name, p.json.exports["."].default));
      const viaName = run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(name)}); console.log(Object.keys(m).length);`,
        ],
        consumer,
      ).trim();
      const count = Object.keys(mod).length;
      if (count === 0 || Number(viaName) !== count)
        throw new Error(`exports ${count} names, by name ${viaName}`);
      const typesPath = join(consumer, "node_modules", name, p.json.exports["."].types);
      if (!existsSync(typesPath))
        throw new Error(`types file missing: ${p.json.exports["."].types}`);
      console.log(`ok   ${name}: ${count} exports, types present`);
    } catch (error) {
      failures++;
      console.error(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`packages: ${pkgs.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
