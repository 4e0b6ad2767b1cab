// Runs every bench/src/*.bench.ts in its own process (so heap and CPU figures do not mix) and
// prints their tables. Pass names to run a subset: `pnpm bench schedule`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(join(here, "src"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}\n`);
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(here, "src", file)],
    {
      stdio: "inherit",
      cwd: here,
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
