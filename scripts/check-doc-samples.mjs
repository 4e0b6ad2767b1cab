// Every ```ts block of the READMEs and docs/ is a sample a reader may paste: this check extracts
// each one into its own module, typechecks them all under the project's strict settings against the
// package sources, and runs the blocks marked `<!-- doc-sample: run -->` (they must exit 0 by
// themselves or after the SIGINT sent once they have been up for `RUN_SECONDS`).
// A block that is deliberately a fragment is marked `<!-- doc-sample: fragment -->` and skipped.
// A block marked `<!-- doc-sample: file <path> -->` must be that repository file verbatim (the file
// is typechecked and tested where it lives).
// Prints one line per sample and ends with "doc samples: N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const RUN_SECONDS = 3;
const RUN_LIMIT_SECONDS = 30;

/** The markdown files whose samples are checked. */
function markdownFiles() {
  const files = [join(root, "README.md")];
  for (const dir of readdirSync(join(root, "packages"))) {
    const readme = join(root, "packages", dir, "README.md");
    if (existsSync(readme)) files.push(readme);
  }
  for (const name of readdirSync(join(root, "docs")).sort()) {
    if (name.endsWith(".md")) files.push(join(root, "docs", name));
  }
  return files;
}

/** The ```ts blocks of one file with their line and marker. */
function samplesOf(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const samples = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue;
    let above = i - 1;
    while (above > 0 && lines[above].trim() === "") above--;
    const marker = /<!--\s*doc-sample:\s*([a-z-]+)(?:\s+(\S+))?\s*-->/.exec(lines[above] ?? "");
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    samples.push({
      file,
      line: start,
      mode: marker?.[1] ?? "check",
      path: marker?.[2],
      code: lines.slice(start, end).join("\n"),
    });
    i = end;
  }
  return samples;
}

const work = join(root, "node_modules", ".cache", "doc-samples");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const samples = markdownFiles().flatMap(samplesOf);
const paths = {};
for (const dir of readdirSync(join(root, "packages"))) {
  const manifest = join(root, "packages", dir, "package.json");
  if (!existsSync(manifest)) continue;
  const name = JSON.parse(readFileSync(manifest, "utf8")).name;
  paths[name] = [join(root, "packages", dir, "src", "index.ts")];
  paths[`${name}/*`] = [join(root, "packages", dir, "src", "*", "index.ts")];
}
writeFileSync(
  join(work, "tsconfig.json"),
  JSON.stringify(
    {
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: {
        baseUrl: ".",
        paths,
        typeRoots: [join(root, "node_modules", "@types")],
        noUnusedLocals: false,
      },
      include: ["*.ts"],
    },
    null,
    2,
  ),
);

const checked = samples.filter((s) => s.mode !== "fragment" && s.mode !== "file");
const copies = samples.filter((s) => s.mode === "file");
checked.forEach((s, i) => {
  s.module = `sample-${String(i).padStart(2, "0")}.ts`;
  s.label = `${relative(root, s.file)}:${s.line}`;
  // `export {}` keeps every sample a module (top-level await, no clashing globals).
  writeFileSync(join(work, s.module), `${s.code}\nexport {};\n`);
});

const tsc = spawnSync(
  process.execPath,
  [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", work, "--pretty", "false"],
  { encoding: "utf8", cwd: work },
);
const errors = new Map();
for (const line of (tsc.stdout ?? "").split("\n")) {
  const m = /^(sample-\d+\.ts)\((\d+),\d+\): (error .*)$/.exec(line);
  if (!m) continue;
  const list = errors.get(m[1]) ?? [];
  list.push(`line ${Number(m[2])}: ${m[3]}`);
  errors.set(m[1], list);
}
if (tsc.status !== 0 && errors.size === 0) {
  console.error(tsc.stdout, tsc.stderr);
  errors.set("(tsc)", ["tsc failed without a per-sample error"]);
}

function runSample(sample) {
  return new Promise((resolveRun) => {
    const child = spawn(
      process.execPath,
      [
        join(root, "node_modules", "tsx", "dist", "cli.mjs"),
        "--tsconfig",
        join(work, "tsconfig.json"),
        sample.module,
      ],
      { cwd: work, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const interrupt = setTimeout(() => child.kill("SIGINT"), RUN_SECONDS * 1000);
    const kill = setTimeout(() => child.kill("SIGKILL"), RUN_LIMIT_SECONDS * 1000);
    child.on("exit", (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      resolveRun({ code, signal, output });
    });
  });
}

let failed = 0;
for (const s of copies) {
  const label = `${relative(root, s.file)}:${s.line}`;
  const file = s.path ? join(root, s.path) : "";
  const same =
    file !== "" && existsSync(file) && readFileSync(file, "utf8").trimEnd() === s.code.trimEnd();
  if (same) console.log(`ok   ${label} (same as ${s.path})`);
  else {
    failed++;
    console.log(
      `FAIL ${label}: not the same as ${s.path ?? "(no path given)"}; copy the file into the block`,
    );
  }
}
for (const s of samples) {
  if (s.mode === "file") continue;
  const label = `${relative(root, s.file)}:${s.line}`;
  if (s.mode === "fragment") {
    console.log(`skip ${label} (fragment)`);
    continue;
  }
  const problems = errors.get(s.module);
  if (problems) {
    failed++;
    console.log(`FAIL ${label}\n  ${problems.join("\n  ")}`);
    continue;
  }
  if (s.mode === "run") {
    const result = await runSample(s);
    if (result.code !== 0) {
      failed++;
      const how = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
      console.log(
        `FAIL ${label} (run: ${how})\n  ${result.output.trim().split("\n").join("\n  ")}`,
      );
      continue;
    }
    console.log(`ok   ${label} (typechecked, ran)`);
    continue;
  }
  console.log(`ok   ${label} (typechecked)`);
}
if (errors.has("(tsc)")) failed++;
rmSync(work, { recursive: true, force: true });
console.log(`doc samples: ${checked.length + copies.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
