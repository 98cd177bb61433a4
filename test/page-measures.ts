// What a page costs a villager's phone: its compressed bytes on a first visit, and how long until it
// first shows something over a slow link. Shared by the browser test and the benchmark.
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";

/** The bound: a page and the CSS it links, compressed, as a first visit downloads them. */
export const MAX_PAGE_BYTES_GZ = 30_000;

/** A rural 3G-ish link: 400 kbit/s each way, 400 ms of latency on every request. */
export const SLOW_LINK = { kbitPerSecond: 400, latencyMs: 400 } as const;

export interface PageWeight {
  html: number;
  css: number;
  total: number;
  stylesheets: string[];
}

/**
 * Gzip as the server makes it (zlib's default level, as @fastify/compress uses). Measured on the bytes
 * themselves rather than the wire: chromium is sent brotli, which is smaller; gzip is what every
 * phone's browser accepts, so it is the bound that holds for all.
 */
const gzipped = (body: Buffer) => gzipSync(body).length;

/**
 * Weighs the page open in `page` (the answer to its navigation): its HTML and every stylesheet it
 * links, each gzipped. `css` remembers stylesheets already weighed, by address.
 */
export async function weighPage(page: Page, html: Buffer, css: Map<string, number>): Promise<PageWeight> {
  const stylesheets = await page
    .locator('link[rel="stylesheet"]')
    .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  let cssBytes = 0;
  for (const href of stylesheets) {
    let size = css.get(href);
    if (size === undefined) {
      const response = await page.context().request.get(href);
      if (!response.ok()) throw new Error(`${href}: ${response.status()}`);
      size = gzipped(await response.body());
      css.set(href, size);
    }
    cssBytes += size;
  }
  const htmlBytes = gzipped(html);
  return { html: htmlBytes, css: cssBytes, total: htmlBytes + cssBytes, stylesheets };
}

/**
 * Opens `path` in a fresh context (a first visit: no cache, no open connection) throttled to the slow
 * link through the DevTools protocol, and answers the first contentful paint in milliseconds from the
 * start of the navigation (the navigation's DOMContentLoaded where chromium reports no paint).
 */
export async function firstRenderMs(
  browser: Browser,
  baseUrl: string,
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>,
  path: string,
): Promise<number> {
  const context = await browser.newContext({ baseURL: baseUrl, storageState, locale: "zh-CN" });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const bytesPerSecond = (SLOW_LINK.kbitPerSecond * 1000) / 8;
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: SLOW_LINK.latencyMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
    const response = await page.goto(path, { waitUntil: "load", timeout: 60_000 });
    if (!response?.ok()) throw new Error(`${path}: ${response?.status()}`);
    // The paint entry can come after the load event: wait for it a while rather than read it at once.
    const painted = await page.evaluate(
      () =>
        new Promise<number | null>((resolve) => {
          new PerformanceObserver((list) => {
            const paint = list.getEntriesByName("first-contentful-paint")[0];
            if (paint) resolve(paint.startTime);
          }).observe({ type: "paint", buffered: true });
          setTimeout(() => resolve(null), 5_000);
        }),
    );
    if (painted !== null) return Math.round(painted);
    return await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return Math.round(navigation?.domContentLoadedEventEnd ?? Number.NaN);
    });
  } finally {
    await context.close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
