// The test command: every vitest suite, then the packaging check, then one closing line with the
// totals of both ("N passed, N failed"). Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "actor-test-"));
const report = join(dir, "vitest.json");
const vitest = spawnSync(
  join("node_modules", ".bin", "vitest"),
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests + (json.numFailedTestSuites ?? 0);
} catch {
  failed += 1; // vitest crashed before writing its report
}
rmSync(dir, { recursive: true, force: true });
if (vitest.status !== 0 && failed === 0) failed += 1;

const pack = spawnSync(process.execPath, ["scripts/check-packages.mjs"], {
  stdio: ["ignore", "pipe", "inherit"],
  encoding: "utf8",
});
process.stdout.write(pack.stdout ?? "");
const m = /packages: (\d+) passed, (\d+) failed/.exec(pack.stdout ?? "");
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]);
} else {
  failed += 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && vitest.status === 0 && pack.status === 0 ? 0 : 1);
