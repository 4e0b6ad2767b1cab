// Packs every publishable package with `pnpm pack`, installs the tarballs into a clean folder and
// imports each one from there, the way a user's project would. A broken `exports` map, a missing
// `dist` file, a missing LICENSE or a dependency left out of package.json fails this check. Then a
// consumer project (scripts/consumer/: a custom actor, a poster with its own message type, a
// SkillActor, the short form) is typechecked under --strict against the installed packages and
// run, and a CommonJS project checks what `require` and `module: node16` users see.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const packagesDir = join(root, "packages");
const work = mkdtempSync(join(tmpdir(), "actor-pack-"));
const tarballs = join(work, "tarballs");
const consumer = join(work, "consumer");

const pkgs = readdirSync(packagesDir)
  .map((dir) => ({ dir: join(packagesDir, dir), manifest: join(packagesDir, dir, "package.json") }))
  .filter((p) => existsSync(p.manifest))
  .map((p) => ({ ...p, json: JSON.parse(readFileSync(p.manifest, "utf8")) }))
  .filter((p) => !p.json.private);

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
let failures = 0;
let checks = pkgs.length;
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** Copies scripts/consumer into the install folder, typechecks it under --strict and runs it. */
async function checkConsumer(dir) {
  try {
    const source = join(root, "scripts", "consumer");
    for (const file of readdirSync(source)) {
      writeFileSync(join(dir, file), readFileSync(join(source, file)));
    }
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          outDir: "out",
          typeRoots: [join(root, "node_modules", "@types")],
          types: ["node"],
        },
        include: ["*.ts"],
      }),
    );
    run(process.execPath, [tsc, "-p", "."], dir);
    const out = run(process.execPath, ["out/bot.js"], dir).trim();
    if (!out.endsWith("consumer ok")) throw new Error(`the consumer printed:\n${out}`);
    console.log("ok   consumer project: typechecks under --strict and runs");
    return 0;
  } catch (error) {
    const detail = error.stdout
      ? `${error.stdout}${error.stderr}`
      : String(error?.message ?? error);
    console.error(`FAIL consumer project: ${detail}`);
    return 1;
  }
}

/**
 * A CommonJS project: `require("@actor/core")` works on Node 20.19+ (require of an ES module), and
 * TypeScript with `module: node16` refuses a static import (TS1479) but accepts `await import()`,
 * as the READMEs say.
 */
function checkCommonJs(installed) {
  // Inside the install folder, so `@actor/core` resolves to the installed tarball.
  const dir = join(installed, "cjs");
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "cjs", type: "commonjs" }));
    const required = run(
      process.execPath,
      ["-e", `console.log(typeof require("@actor/core").ActorError)`],
      dir,
    ).trim();
    if (required !== "function") throw new Error(`require gave ${required}`);
    const tsconfig = (files) =>
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "node16",
          moduleResolution: "node16",
          noEmit: true,
          typeRoots: [join(root, "node_modules", "@types")],
          types: ["node"],
        },
        files,
      });
    writeFileSync(
      join(dir, "static.ts"),
      `import { ActorError } from "@actor/core";\nexport const e = new ActorError("internal", "x");\n`,
    );
    writeFileSync(
      join(dir, "dynamic.ts"),
      `export async function load() {\n  const { ActorError } = await import("@actor/core");\n  return new ActorError("internal", "x");\n}\n`,
    );
    writeFileSync(join(dir, "tsconfig.static.json"), tsconfig(["static.ts"]));
    writeFileSync(join(dir, "tsconfig.dynamic.json"), tsconfig(["dynamic.ts"]));
    run(process.execPath, [tsc, "-p", "tsconfig.dynamic.json"], dir);
    let staticOutput = "";
    try {
      run(process.execPath, [tsc, "-p", "tsconfig.static.json"], dir);
    } catch (error) {
      staticOutput = `${error.stdout ?? ""}`;
    }
    if (!staticOutput.includes("TS1479"))
      throw new Error(
        `a static import under module node16 should be TS1479, got: ${staticOutput || "no error"}`,
      );
    console.log(
      "ok   CommonJS project: require() works, node16 static import is TS1479, await import() typechecks",
    );
    return 0;
  } catch (error) {
    const detail = error.stdout
      ? `${error.stdout}${error.stderr}`
      : String(error?.message ?? error);
    console.error(`FAIL CommonJS project: ${detail}`);
    return 1;
  }
}

try {
  const files = {};
  for (const p of pkgs) {
    const out = run("pnpm", ["pack", "--pack-destination", tarballs], p.dir).trim().split("\n");
    const tgz = out
      .reverse()
      .find((l) => l.trim().endsWith(".tgz"))
      ?.trim();
    if (!tgz) throw new Error(`pnpm pack printed no tarball for ${p.json.name}`);
    files[p.json.name] = tgz.startsWith("/") ? tgz : join(tarballs, tgz);
  }
  // Workspace deps of a tarball resolve to the other tarballs, as they would to published versions.
  const overrides = Object.fromEntries(
    Object.entries(files).map(([name, f]) => [name, `file:${f}`]),
  );
  mkdirSync(consumer, { recursive: true });
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify(
      { name: "consumer", private: true, type: "module", dependencies: overrides, overrides },
      null,
      2,
    ),
  );
  const installStarted = Date.now();
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--prefer-offline",
      "--loglevel=error",
    ],
    consumer,
  );
  console.log(
    `     npm install of the tarballs: ${((Date.now() - installStarted) / 1000).toFixed(1)} s`,
  );
  for (const p of pkgs) {
    const name = p.json.name;
    try {
      const mod = await import(join(consumer, "node_modules", name, p.json.exports["."].default));
      const viaName = run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(name)}); console.log(Object.keys(m).length);`,
        ],
        consumer,
      ).trim();
      const count = Object.keys(mod).length;
      if (count === 0 || Number(viaName) !== count)
        throw new Error(`exports ${count} names, by name ${viaName}`);
      const typesPath = join(consumer, "node_modules", name, p.json.exports["."].types);
      if (!existsSync(typesPath))
        throw new Error(`types file missing: ${p.json.exports["."].types}`);
      // Subpath entries (such as `@actor/runtime/internal`) import by name and have their types.
      for (const [subpath, target] of Object.entries(p.json.exports)) {
        if (subpath === "." || subpath === "./package.json") continue;
        const specifier = name + subpath.slice(1);
        const subCount = run(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`,
          ],
          consumer,
        ).trim();
        if (!(Number(subCount) > 0)) throw new Error(`${specifier} exports no names`);
        if (!existsSync(join(consumer, "node_modules", name, target.types)))
          throw new Error(`types file missing: ${target.types}`);
      }
      const license = join(consumer, "node_modules", name, "LICENSE");
      if (!existsSync(license) || !readFileSync(license, "utf8").startsWith("MIT License"))
        throw new Error(
          "no MIT LICENSE file in the tarball (copy the root LICENSE into the package)",
        );
      console.log(`ok   ${name}: ${count} exports, types and LICENSE present`);
    } catch (error) {
      failures++;
      console.error(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  checks += 2;
  failures += await checkConsumer(consumer);
  failures += checkCommonJs(consumer);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`packages: ${checks - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
