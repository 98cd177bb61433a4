import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
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
const byUrl = new Map<string, Asset>();
const urlOf = new Map<string, string>();

/**
 * Assets get their content hash in the name, so browsers may keep them for a year: a change makes a
 * new name. Read once, on first use; they are small.
 */
function load(): void {
  if (urlOf.size > 0) return;
  for (const name of readdirSync(dir)) {
    const body = readFileSync(join(dir, name));
    const ext = extname(name);
    const hash = createHash("sha256").update(body).digest("base64url").slice(0, 10);
    const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
    byUrl.set(url, { body, type: TYPES[ext] ?? "application/octet-stream" });
    urlOf.set(name, url);
  }
}

export function assetUrl(name: string): string {
  load();
  const url = urlOf.get(name);
  if (!url) throw new Error(`No asset named ${name} in src/web/assets`);
  return url;
}

export function registerAssets(app: FastifyInstance): void {
  load();
  app.get(
    "/assets/:file",
    { config: { policy: "public" }, schema: { hide: true } },
    async (request, reply) => {
      const asset = byUrl.get(request.url.split("?")[0] ?? "");
      if (!asset) return reply.callNotFound();
      return reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .type(asset.type)
        .send(asset.body);
    },
  );
  app.get("/robots.txt", { config: { policy: "public" }, schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/plain").send("User-agent: *\nDisallow: /api/\nDisallow: /me\n"),
  );
}
