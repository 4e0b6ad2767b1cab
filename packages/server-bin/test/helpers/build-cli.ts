import { createHash } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PREFIX = "actor-server-test-";

/**
 * Bundles `src/cli.ts` and the workspace sources it imports (`@actor/<pkg>` → `packages/<pkg>/src`)
 * into one ES module, so every spawned `actor-server` starts quickly and always runs the current
 * sources. The bundle is keyed by the sources' sizes and times, so the test files of one run share
 * it (written to a temporary name, then renamed: never half-written). Old bundles are removed.
 */
export async function buildTestCli(): Promise<string> {
  const path = join(tmpdir(), `${PREFIX}${sourcesHash()}.mjs`);
  if (existsSync(path)) return path;
  const partial = `${path}.${process.pid}.partial`;
  await build({
    entryPoints: [fileURLToPath(new URL("../../src/cli.ts", import.meta.url))],
    outfile: partial,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    external: ["pg-native"],
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
    plugins: [
      {
        name: "workspace-sources",
        setup(b) {
          b.onResolve({ filter: /^@actor\/[a-z-]+(\/[a-z-]+)?$/ }, (args) => {
            const [, pkg, sub] = /^@actor\/([a-z-]+)(?:\/([a-z-]+))?$/.exec(args.path)!;
            return { path: `${ROOT}${pkg}/src/${sub ? `${sub}/` : ""}index.ts` };
          });
        },
      },
    ],
  });
  renameSync(partial, path);
  removeStale(path);
  return path;
}

function sourcesHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        hash.update(`${full}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const pkg of readdirSync(ROOT))
    if (existsSync(join(ROOT, pkg, "src"))) walk(join(ROOT, pkg, "src"));
  hash.update(String(statSync(join(ROOT, "../pnpm-lock.yaml")).mtimeMs));
  return hash.digest("hex").slice(0, 16);
}

function removeStale(keep: string): void {
  const dir = tmpdir();
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (!name.startsWith(PREFIX) || full === keep) continue;
    try {
      if (Date.now() - statSync(full).mtimeMs > 10 * 60_000) rmSync(full, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}
