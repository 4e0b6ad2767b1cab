import { createTsupConfig } from "../../tsup.config.base";

// Two entries: the public API, and the unstable `internal` subpath used by the project's own tests
// and benchmarks.
export default createTsupConfig({
  entry: { index: "src/index.ts", "internal/index": "src/internal/index.ts" },
});
