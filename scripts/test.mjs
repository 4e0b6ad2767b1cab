// The test command: every vitest suite, then the packaging check and the doc-sample check, then one
// closing line with the totals of all three ("N passed, N failed"). Extra arguments go to vitest.
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

/** Runs one check script and adds its "<label>: N passed, N failed" line to the totals. */
function check(script, label) {
  const run = spawnSync(process.execPath, [script], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(run.stdout ?? "");
  const m = new RegExp(`${label}: (\\d+) passed, (\\d+) failed`).exec(run.stdout ?? "");
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else {
    failed += 1;
  }
  return run.status === 0;
}
const packOk = check("scripts/check-packages.mjs", "packages");
const samplesOk = check("scripts/check-doc-samples.mjs", "doc samples");
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && vitest.status === 0 && packOk && samplesOk ? 0 : 1);
