/** For tests of the catalogue managers' pages: a page's form read from its HTML as a browser would post it. */
import { expect } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { cookiesOf } from "../../../test/app.ts";
import { itemCode } from "./testing.ts";

export type Pairs = [string, string][];

const decode = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) {
    found[(m[1] as string).toLowerCase()] = decode(m[2] ?? "");
  }
  return found;
}

/**
 * The name/value pairs a browser posts for the form whose opening tag contains `marker`, in document
 * order: text inputs and hidden fields, checked boxes, text areas, the chosen option of each list. Inputs
 * that belong to another form (the preview's) and the rows' templates are left out, as a browser does.
 */
export function formPairs(html: string, marker: string): Pairs {
  const start = html.indexOf(marker);
  if (start < 0) throw new Error(`No form with ${marker}`);
  const from = html.lastIndexOf("<form", start);
  const body = html.slice(from, html.indexOf("</form>", start)).replace(/<template[\s\S]*?<\/template>/g, "");
  const pairs: Pairs = [];
  // Attribute values may hold ">" (preact escapes only & < and "), so a tag runs to the first > outside quotes.
  const tag = '((?:[^>"]|"[^"]*")*)';
  const controls = new RegExp(
    `<input\\b${tag}>|<textarea\\b${tag}>([\\s\\S]*?)<\\/textarea>|<select\\b${tag}>([\\s\\S]*?)<\\/select>`,
    "g",
  );
  for (const m of body.matchAll(controls)) {
    const [, input, textarea, text = "", select, options = ""] = m;
    const a = attributes(input ?? textarea ?? select ?? "");
    if (!a.name || "form" in a || "disabled" in a) continue;
    if (input !== undefined) {
      const type = a.type ?? "text";
      if ((type === "checkbox" || type === "radio") && !("checked" in a)) continue;
      if (type === "submit" || type === "button") continue;
      pairs.push([a.name, a.value ?? (type === "checkbox" ? "on" : "")]);
    } else if (textarea !== undefined) {
      pairs.push([a.name, decode(text)]);
    } else {
      const list = [...options.matchAll(/<option\b((?:[^>"]|"[^"]*")*)>/g)].map((o) =>
        attributes(o[1] ?? ""),
      );
      const chosen = list.find((o) => "selected" in o) ?? list[0];
      pairs.push([a.name, chosen?.value ?? ""]);
    }
  }
  return pairs;
}

/** The pairs with `name` set to `value` (or to each of several values), in place of what it had. */
export function withValue(pairs: Pairs, name: string, value: string | string[] | undefined): Pairs {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const at = pairs.findIndex(([n]) => n === name);
  const rest = pairs.filter(([n]) => n !== name);
  const added: Pairs = values.map((v) => [name, v]);
  if (at < 0) return [...rest, ...added];
  rest.splice(at, 0, ...added);
  return rest;
}

export function pairValue(pairs: Pairs, name: string): string | undefined {
  return pairs.find(([n]) => n === name)?.[1];
}

/** A signed-in page and the CSRF cookie that goes with its token, ready to post its form. */
export async function openPage(t: TestApp, url: string, cookie: string) {
  const page = await t.app.inject({ url, headers: { cookie, accept: "text/html" } });
  expect(page.statusCode, `GET ${url}: ${page.body.slice(0, 300)}`).toBe(200);
  const extra = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`);
  return { html: page.body, cookie: [cookie, ...extra].join("; ") };
}

export function post(t: TestApp, url: string, pairs: Pairs, cookie: string) {
  return t.app.inject({
    method: "POST",
    url,
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    payload: new URLSearchParams(pairs).toString(),
  });
}

/** The texts of an error summary's links and where they point. */
export function summaryLinks(html: string): { href: string; text: string }[] {
  const box = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
  return [...box.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode(m[1] ?? ""),
    text: decode(m[2] ?? ""),
  }));
}

/** Creates an item through the "new item" page as the signed-in manager; answers its code. */
export async function createThroughPages(t: TestApp, cookie: string, name = "食品经营许可"): Promise<string> {
  const code = itemCode();
  const page = await openPage(t, "/catalog/admin/new", cookie);
  let pairs = formPairs(page.html, 'action="/catalog/admin/new"');
  const typed = {
    code,
    "name.zh": name,
    "name.en": "Food business licence",
    type: "licence",
    line: "market_regulation",
  };
  for (const [field, value] of Object.entries(typed)) pairs = withValue(pairs, field, value);
  const created = await post(t, "/catalog/admin/new", pairs, page.cookie);
  expect(created.statusCode, created.body.slice(0, 500)).toBe(303);
  expect(created.headers.location).toBe(`/catalog/admin/items/${code}/edit?done=created`);
  return code;
}
