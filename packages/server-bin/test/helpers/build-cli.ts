import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Bundles `src/cli.ts` and the workspace sources it imports (`@actor/<pkg>` → `packages/<pkg>/src`)
 * into one ES module, so every spawned `actor-server` starts in a fraction of a second and always
 * runs the current sources. Third-party packages are bundled too; `require` works through
 * `createRequire`.
 */
export async function buildTestCli(): Promise<{ path: string; remove: () => void }> {
  const path = join(
    tmpdir(),
    `actor-server-test-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`,
  );
  await build({
    entryPoints: [fileURLToPath(new URL("../../src/cli.ts", import.meta.url))],
    outfile: path,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: false,
    minifyWhitespace: false,
    logLevel: "error",
    external: ["pg-native", "playwright-core"],
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
  return { path, remove: () => rmSync(path, { force: true }) };
}
