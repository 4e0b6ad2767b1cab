import { createTsupConfig } from "../../tsup.config.base";

export default createTsupConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
});
