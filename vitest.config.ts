import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the packaging check (scripts/check-packages.mjs) tests dist.
    // A subpath export `@actor/<pkg>/<sub>` maps to `packages/<pkg>/src/<sub>/index.ts`.
    alias: [
      { find: /^@actor\/([a-z-]+)$/, replacement: `${packagesDir}/$1/src/index.ts` },
      { find: /^@actor\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}/$1/src/$2/index.ts` },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ["packages/*/test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.test.json",
    },
  },
});
