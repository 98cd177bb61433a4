/** A villager's phone in browser tests: a 360 px wide context, and the checks every public page must pass on it. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import type { Accessibility } from "./harness.ts";

export const PHONE_VIEWPORT = { width: 360, height: 740 };

/**
 * A new context as a phone opens pages: Chinese, 360 px wide, signed in by a session cookie when one is
 * given. The policy is bypassed by default: axe-core is injected as a script.
 */
export async function phoneContext(
  browser: Browser,
  baseUrl: string,
  {
    javaScriptEnabled = true,
    bypassCSP = true,
    cookie,
  }: { javaScriptEnabled?: boolean; bypassCSP?: boolean; cookie?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: "zh-CN",
    javaScriptEnabled,
    bypassCSP,
    viewport: PHONE_VIEWPORT,
  });
  if (cookie) {
    const [name = "", value = ""] = cookie.split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
  }
  return context;
}

/** Opens the path and checks, softly so every page shows: 200, no sideways scrolling, no axe-core finding. */
export async function expectFitAndAccessible(page: Page, a11y: Accessibility, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${path}: no sideways scrolling`).toBeLessThanOrEqual(0);
  const audit = await a11y.check(page, path);
  const violations = [...audit.blocking, ...audit.other].map((v) => `${v.id} (${v.impact})`);
  expect.soft(violations, `${path}: axe-core`).toEqual([]);
}
