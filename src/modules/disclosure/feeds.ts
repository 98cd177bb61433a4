import { createHash } from "node:crypto";
import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Department, getDepartment } from "../departments/service.ts";
import { publicationPath } from "./present.ts";
import * as store from "./store.ts";
import { CATEGORIES, type Category } from "./tables.ts";

/**
 * RSS 2.0 and Atom 1.0 feeds of the latest publications: all of them, one department's, one
 * category's, or both. Every text is escaped as XML, every link absolute, and the feed carries an
 * ETag and Last-Modified so a reader polling it gets 304 until something is published, corrected or
 * withdrawn.
 */

export const FEED_SIZE = 30;

export interface FeedScope {
  department?: Department | undefined;
  category?: Category | undefined;
}

/** The scope from the path's words; an unknown department or category is a 404, as a missing page. */
export async function feedScope(
  db: Executor,
  departmentId: string | undefined,
  category: string | undefined,
): Promise<FeedScope> {
  if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category))
    throw errors.notFound("category");
  if (departmentId !== undefined && !isUuid(departmentId)) throw errors.notFound("department");
  const department = departmentId ? await getDepartment(db, departmentId) : undefined;
  return { department, category: category as Category | undefined };
}

export interface FeedValidator {
  etag: string;
  lastModified: Date;
}

/** What changes whenever the feed would: the newest change and how many rows, per scope and format. */
export async function feedValidator(db: Executor, scope: FeedScope, format: string): Promise<FeedValidator> {
  const stamp = await store.feedStamp(db, { departmentId: scope.department?.id, category: scope.category });
  const lastModified = stamp.latest ?? new Date(0);
  const hash = createHash("sha256")
    .update(
      `${format}|${scope.department?.id ?? ""}|${scope.category ?? ""}|${lastModified.toISOString()}|${stamp.count}`,
    )
    .digest("base64url")
    .slice(0, 22);
  return { etag: `"${hash}"`, lastModified };
}

/** True when the request's validators show the reader has this version already. */
export function notModified(
  headers: { "if-none-match"?: string | undefined; "if-modified-since"?: string | undefined },
  v: FeedValidator,
): boolean {
  const tags = headers["if-none-match"];
  if (tags !== undefined)
    return tags.split(",").some((t) => t.trim() === v.etag || t.trim() === `W/${v.etag}`);
  const since = headers["if-modified-since"] ? Date.parse(headers["if-modified-since"]) : Number.NaN;
  return !Number.isNaN(since) && Math.floor(v.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
/** XML text: escaped, and without the control characters XML 1.0 forbids even escaped. */
export function xml(text: string): string {
  let clean = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // XML 1.0 allows tab, line feed and carriage return among the control characters, and no others.
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff
    )
      continue;
    clean += XML_ESCAPES[ch] ?? ch;
  }
  return clean;
}

export interface FeedText {
  title: string;
  description: string;
  language: string;
  categoryName: (c: Category) => string;
}

const summary = (body: string) => {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
};

export async function feedItems(db: Executor, scope: FeedScope) {
  const { items } = await store.listPublications(
    db,
    { departmentId: scope.department?.id, category: scope.category },
    { limit: FEED_SIZE, offset: 0 },
  );
  return items;
}

export function rss(
  base: string,
  self: string,
  text: FeedText,
  items: store.Publication[],
  updated: Date,
): string {
  const entries = items
    .map((p) => {
      const link = `${base}${publicationPath(p.id)}`;
      return `<item><title>${xml(p.title)}</title><link>${xml(link)}</link><guid isPermaLink="true">${xml(link)}</guid><pubDate>${p.published_at.toUTCString()}</pubDate><category>${xml(text.categoryName(p.category))}</category><description>${xml(summary(p.body))}</description></item>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${xml(text.title)}</title><link>${xml(`${base}/disclosure`)}</link><description>${xml(text.description)}</description><language>${xml(text.language)}</language><lastBuildDate>${updated.toUTCString()}</lastBuildDate><atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>${entries}</channel></rss>`;
}

export function atom(
  base: string,
  self: string,
  text: FeedText,
  items: store.Publication[],
  updated: Date,
): string {
  const entries = items
    .map((p) => {
      const link = `${base}${publicationPath(p.id)}`;
      return `<entry><id>${xml(`urn:uuid:${p.id}`)}</id><title>${xml(p.title)}</title><link rel="alternate" type="text/html" href="${xml(link)}"/><published>${p.published_at.toISOString()}</published><updated>${p.updated_at.toISOString()}</updated><category term="${xml(p.category)}" label="${xml(text.categoryName(p.category))}"/><summary>${xml(summary(p.body))}</summary></entry>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(text.language)}"><id>${xml(self)}</id><title>${xml(text.title)}</title><subtitle>${xml(text.description)}</subtitle><link rel="self" type="application/atom+xml" href="${xml(self)}"/><link rel="alternate" type="text/html" href="${xml(`${base}/disclosure`)}"/><updated>${updated.toISOString()}</updated><author><name>${xml(text.title)}</name></author>${entries}</feed>`;
}
