#!/usr/bin/env node
// Runs Tongban. The TypeScript sources are bundled by esbuild into dist/ (about a tenth of a second),
// and again whenever a source file is newer than the bundle; loading a bundle starts much faster than
// compiling each module on the fly. The bundle is split where main.ts imports lazily, so a command loads
// only what it uses. Where dist/ cannot be written, tsx runs the sources directly.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "src", "main.ts");
const bundle = join(root, "dist", "tongban.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function build() {
  const esbuild = await import("esbuild");
  // Several processes may start at once: each builds in a folder of its own, moves its chunks in (their
  // names carry their content's hash, so a chunk of that name is already the same), and renames the
  // entry into place last. Chunks of earlier builds stay: a running server may still load one.
  const workDir = join(dirname(bundle), `.build-${process.pid}`);
  rmSync(workDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { tongban: entry },
    outdir: workDir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    jsx: "automatic",
    jsxImportSource: "preact",
    sourcemap: "linked",
    logLevel: "error",
  });
  const chunks = join(dirname(bundle), "chunks");
  mkdirSync(chunks, { recursive: true });
  for (const name of readdirSync(join(workDir, "chunks"))) {
    if (!existsSync(join(chunks, name))) renameSync(join(workDir, "chunks", name), join(chunks, name));
  }
  renameSync(join(workDir, "tongban.mjs.map"), `${bundle}.map`);
  renameSync(join(workDir, "tongban.mjs"), bundle);
  rmSync(workDir, { recursive: true, force: true });
}

const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(join(root, "src"));
let ready = fresh;
if (!fresh) {
  try {
    await build();
    ready = true;
  } catch (error) {
    process.stderr.write(`tongban: running from the sources (could not bundle: ${error.message})\n`);
  }
}
if (ready) {
  // Stack traces name the TypeScript sources, through dist/tongban.mjs.map, read only when one is printed.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(entry).href);
}
