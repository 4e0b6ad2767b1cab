import { defineConfig, type Options } from "tsup";

/**
 * The one tsup configuration every package builds with: ESM only, type declarations,
 * source maps, Node 20 target. A package passes only what differs (extra entry points).
 */
export function createTsupConfig(overrides: Partial<Options> = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    // Classes keep their names in the bundle, so errors print as `ActorError`, not `_ActorError`.
    keepNames: true,
    ...overrides,
  });
}
