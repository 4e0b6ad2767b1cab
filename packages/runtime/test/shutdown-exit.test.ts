import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/shutdown-exit.ts", import.meta.url));
const tsconfig = fileURLToPath(new URL("./fixtures/tsconfig.json", import.meta.url));

describe("await server.shutdown() at the top level", () => {
  it("keeps the process alive until a hung run is recorded interrupted (exit 0, not 13)", () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", fixture], {
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
    });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("status=interrupted\n");
    expect(child.status).toBe(0);
  }, 120_000);
});
