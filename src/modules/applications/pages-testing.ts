/** For tests of the applying and progress pages: a browser's requests, forms and uploads, by inject. */
import { gzipSync } from "node:zlib";
import type { LightMyRequestResponse } from "fastify";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { multipartFile } from "../cases/testing.ts";

/** One browser: its cookies (session, CSRF secret, language) and a CSRF token read from a page. */
export interface Tab {
  cookie: string;
  csrf: string;
}

function merge(cookie: string, response: LightMyRequestResponse): string {
  const jar = new Map(
    cookie
      .split(/;\s*/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const),
  );
  for (const [name, value] of Object.entries(cookiesOf(response))) jar.set(name, value);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Opens a page as a browser would (HTML wanted) and keeps its cookies and form token. */
export async function open(
  t: TestApp,
  who: { cookie: string } | undefined,
  url: string,
  options: { lang?: "en" } = {},
): Promise<{ response: LightMyRequestResponse; tab: Tab }> {
  const cookie = [who?.cookie ?? "", options.lang ? `tb_lang=${options.lang}` : ""]
    .filter(Boolean)
    .join("; ");
  const response = await t.app.inject({ url, headers: { cookie, accept: "text/html" } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? "";
  return { response, tab: { cookie: merge(cookie, response), csrf } };
}

/** GET with the tab's cookies. */
export function get(t: TestApp, tab: Tab, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ url, headers: { cookie: tab.cookie, accept: "text/html", ...headers } });
}

/** Posts a form as application/x-www-form-urlencoded, with the tab's CSRF token; lists repeat a name. */
export function post(
  t: TestApp,
  tab: Tab,
  url: string,
  fields: Record<string, string | string[]>,
  options: { remoteAddress?: string; csrf?: boolean } = {},
) {
  const body = new URLSearchParams();
  if (options.csrf !== false) body.append("_csrf", tab.csrf);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return t.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: tab.cookie,
      accept: "text/html",
      "content-type": "application/x-www-form-urlencoded",
    },
    payload: body.toString(),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** Posts a file as the materials page's form does: multipart, the CSRF token in the address. */
export function postFile(
  t: TestApp,
  tab: Tab,
  url: string,
  name: string,
  content: Uint8Array,
  type?: string,
) {
  const file = multipartFile(name, content, type);
  return t.app.inject({
    method: "POST",
    url: `${url}?_csrf=${encodeURIComponent(tab.csrf)}`,
    headers: { cookie: tab.cookie, accept: "text/html", ...file.headers },
    payload: file.payload,
  });
}

/** The text a reader sees in <main>: tags dropped, spaces collapsed. */
export function mainText(html: string): string {
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return main
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Where a redirect goes. */
export const location = (response: LightMyRequestResponse) => String(response.headers.location ?? "");

/**
 * What a page weighs on the wire compressed, with every stylesheet it links: the design's limit for a
 * citizen page is 30 KB.
 */
export async function compressedWeight(t: TestApp, html: string): Promise<number> {
  let total = gzipSync(html).length;
  for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
    const css = await t.app.inject({ url: href as string });
    total += gzipSync(css.rawPayload).length;
  }
  return total;
}
