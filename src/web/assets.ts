import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join } from "node:path";
import type { BuildOptions, buildSync } from "esbuild";
import type { FastifyInstance } from "fastify";
import { PROJECT_ROOT } from "../platform/paths.ts";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

interface Asset {
  body: Buffer;
  type: string;
}

const dir = join(PROJECT_ROOT, "src", "web", "assets");
const scriptsDir = join(PROJECT_ROOT, "src", "web", "scripts");
const byUrl = new Map<string, Asset>();
const urlOf = new Map<string, string>();
let scriptsBuilt = false;

function add(name: string, body: Buffer): void {
  const ext = extname(name);
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 10);
  const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
  byUrl.set(url, { body, type: TYPES[ext] ?? "application/octet-stream" });
  urlOf.set(name, url);
}

/**
 * Assets get their content hash in the name, so browsers may keep them for a year: a change makes a
 * new name. Read once, on first use; they are small.
 */
function load(): void {
  if (urlOf.size > 0) return;
  for (const name of readdirSync(dir)) add(name, readFileSync(join(dir, name)));
}

/** Options for the enhancement scripts: one self-contained file each, for browsers of the last few years. */
export const SCRIPT_BUILD: BuildOptions = {
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  logLevel: "silent",
};

/**
 * The enhancement scripts (src/web/scripts/*.ts) bundled by esbuild into `<name>.js`, once per process
 * and only when a page first asks for one: commands and workers that render no page never pay for it.
 */
function buildScripts(): void {
  if (scriptsBuilt) return;
  scriptsBuilt = true;
  if (!existsSync(scriptsDir)) return;
  const entries = readdirSync(scriptsDir).filter(
    (n) => /^[a-z0-9-]+\.ts$/.test(n) && !n.endsWith(".test.ts"),
  );
  if (entries.length === 0) return;
  const esbuild = createRequire(import.meta.url)("esbuild") as { buildSync: typeof buildSync };
  const result = esbuild.buildSync({
    ...SCRIPT_BUILD,
    entryPoints: entries.map((n) => join(scriptsDir, n)),
    outdir: "scripts",
    write: false,
  });
  for (const file of result.outputFiles) add(basename(file.path), Buffer.from(file.contents));
}

export function assetUrl(name: string): string {
  load();
  if (!urlOf.has(name) && name.endsWith(".js")) buildScripts();
  const url = urlOf.get(name);
  if (!url) throw new Error(`No asset named ${name} in src/web/assets or src/web/scripts`);
  return url;
}

/**
 * An asset's bytes, for a script that must be served at an address of its own: a service worker looks
 * after the pages below its own address, not below /assets/.
 */
export function assetBody(name: string): Buffer {
  const asset = byUrl.get(assetUrl(name));
  if (!asset) throw new Error(`No asset named ${name}`);
  return asset.body;
}

export function registerAssets(app: FastifyInstance): void {
  load();
  app.get(
    "/assets/:file",
    { config: { policy: "public" }, schema: { hide: true } },
    async (request, reply) => {
      const path = request.url.split("?")[0] ?? "";
      // A browser may hold a page from before a restart: its script is built on that first request.
      if (!byUrl.has(path) && path.endsWith(".js")) buildScripts();
      const asset = byUrl.get(path);
      if (!asset) return reply.callNotFound();
      return reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .type(asset.type)
        .send(asset.body);
    },
  );
  app.get("/robots.txt", { config: { policy: "public" }, schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/plain; charset=utf-8").send("User-agent: *\nDisallow: /api/\nDisallow: /me\n"),
  );
}
