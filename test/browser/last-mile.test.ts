// The last mile's pages for a villager on a cheap phone and a slow link, an elderly reader and a
// screen-reader user: every page of the applicant's, the hall's and the service point's journeys,
// without JavaScript, in standard and elderly mode — its weight (≤ 30 KB gzipped with its CSS), its
// one heading, its larger type, no sideways scrolling at 360 px, axe-core (WCAG 2.1 A/AA) — and one
// keyboard-only walk per kind. The first render over a throttled link is a figure of `npm run bench`
// (pages.first_render_ms_slow_link), measured there.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { arrive, FOOD_LICENCE, HALL, type JourneyPage, type Journeys, prepareJourneys } from "../journeys.ts";
import { MAX_PAGE_BYTES_GZ, weighPage } from "../page-measures.ts";
import {
  type Accessibility,
  browserSuite,
  closeChromium,
  launchWithServer,
  type RunningServer,
  startServer,
} from "./harness.ts";
import { type TabStop, tabThrough, tabTo } from "./keyboard.ts";

type Mode = "standard" | "elder";

browserSuite("the last mile: light, readable pages on a slow link", () => {
  let server: RunningServer;
  let browser: Browser;
  let a11y: Accessibility;
  let journeys: Journeys;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ server, browser, a11y } = await launchWithServer(startServer()));
    journeys = await prepareJourneys(browser, server);
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => server?.stop() });
  }, 60_000);

  /** A context of a journey page's session, as a phone without JavaScript opens it, 360 px wide. */
  async function phone(who: JourneyPage["who"], mode: Mode): Promise<BrowserContext> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      locale: "zh-CN",
      viewport: { width: 360, height: 740 },
      storageState: journeys.sessions[who],
    });
    if (mode === "elder")
      await context.addCookies([{ name: "tb_mode", value: "elder", url: server.baseUrl }]);
    contexts.push(context);
    return context;
  }

  /** What a reader needs of the page as it is: its language, heading, landmarks, type size and width. */
  const readable = (page: Page) =>
    page.evaluate(() => {
      const html = document.documentElement;
      const main = document.querySelector("main");
      const named = (el: Element) =>
        Boolean(el.getAttribute("aria-label")?.trim() || el.getAttribute("aria-labelledby"));
      return {
        lang: html.getAttribute("lang"),
        elder: html.classList.contains("elder"),
        h1: [...document.querySelectorAll("h1")].map((h) => h.textContent?.trim() ?? ""),
        mains: document.querySelectorAll("main").length,
        unnamedNavs: [...document.querySelectorAll("nav")].filter((n) => !named(n)).length,
        imagesWithoutAlt: document.querySelectorAll("img:not([alt])").length,
        bodyPx: Number.parseFloat(getComputedStyle(document.body).fontSize),
        mainPx: main ? Number.parseFloat(getComputedStyle(main).fontSize) : 0,
        overflowPx: html.scrollWidth - window.innerWidth,
      };
    });

  /** The body's and the main text's size in standard mode, by page: elderly mode must be larger. */
  const standardPx = new Map<string, { body: number; main: number }>();

  /** Every journey page in one mode, as a phone without JavaScript opens it: the checks above, and axe. */
  async function checkPages(mode: Mode): Promise<void> {
    const css = new Map<string, number>();
    const byWho = new Map<JourneyPage["who"], BrowserContext>();
    const rows: string[][] = [];
    for (const step of journeys.pages) {
      const label = `${step.journey}: ${step.name} (${mode})`;
      const context = byWho.get(step.who) ?? (await phone(step.who, mode));
      byWho.set(step.who, context);
      // A page of its own: the board's and the ticket's refresh must not cut into the next page.
      const page = await context.newPage();
      const response = await page.goto(step.path);
      expect(response?.status(), label).toBe(200);
      const weight = await weighPage(page, (await response?.body()) ?? Buffer.alloc(0), css);
      rows.push([step.journey, step.name, String(weight.total), String(weight.html), String(weight.css)]);
      expect.soft(weight.total, `${label}: gzipped bytes with CSS`).toBeLessThanOrEqual(MAX_PAGE_BYTES_GZ);

      const seen = await readable(page);
      expect.soft(seen.lang, `${label}: lang`).toBe("zh-CN");
      expect.soft(seen.h1.length, `${label}: one h1 (${seen.h1.join(" | ")})`).toBe(1);
      expect.soft(seen.h1[0], `${label}: the h1 says something`).toMatch(/\S/);
      expect.soft(seen.mains, `${label}: one main`).toBe(1);
      expect.soft(seen.unnamedNavs, `${label}: every nav named`).toBe(0);
      expect.soft(seen.imagesWithoutAlt, `${label}: images with alt`).toBe(0);
      expect.soft(seen.overflowPx, `${label}: no sideways scrolling at 360 px`).toBeLessThanOrEqual(0);
      expect.soft(seen.elder, `${label}: the elder class`).toBe(mode === "elder");
      if (mode === "standard") standardPx.set(step.name, { body: seen.bodyPx, main: seen.mainPx });
      else {
        const standard = standardPx.get(step.name);
        expect.soft(standard, `${label}: measured in standard mode first`).toBeDefined();
        const than = standard ?? { body: Number.POSITIVE_INFINITY, main: Number.POSITIVE_INFINITY };
        expect.soft(seen.bodyPx, `${label}: larger type (body)`).toBeGreaterThan(than.body);
        expect.soft(seen.mainPx, `${label}: larger type (main)`).toBeGreaterThan(than.main);
      }

      const audit = await a11y.check(page, label);
      const violations = [...audit.blocking, ...audit.other].map((v) => `${v.id} (${v.impact})`);
      expect.soft(violations, `${label}: axe-core, WCAG 2.1 A/AA`).toEqual([]);
      await page.close();
    }
    console.info(`${mode} mode, gzipped bytes:\n${table(["journey", "page", "total", "HTML", "CSS"], rows)}`);
  }

  // Each mode a test of its own: some fifty pages with axe-core on each take a while on a busy machine.
  it(
    "keeps every journey page light and readable without JavaScript (standard mode)",
    () => checkPages("standard"),
    240_000,
  );

  it(
    "keeps every journey page light, readable and larger in elderly mode",
    () => checkPages("elder"),
    240_000,
  );

  /** A JavaScript-enabled context for a keyboard walk: what a screen-reader user's phone runs. */
  async function keyboardPage(who: JourneyPage["who"]): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      locale: "zh-CN",
      storageState: journeys.sessions[who],
    });
    contexts.push(context);
    return context.newPage();
  }

  /** The whole page by Tab: the skip link first, every control reached, the focus always visible. */
  async function walkable(page: Page, label: string): Promise<TabStop[]> {
    const walk = await tabThrough(page);
    expect.soft(walk.stops[0]?.skip, `${label}: the skip link comes first`).toBe(true);
    expect.soft(walk.unreached, `${label}: controls Tab never reached`).toEqual([]);
    expect
      .soft(
        walk.stops.filter((s) => !s.visibleFocus).map((s) => s.what),
        `${label}: controls focused without a visible outline`,
      )
      .toEqual([]);
    return walk.stops;
  }

  /** Tabs to the control and presses the key, waiting for the page it leads to. */
  async function press(page: Page, selector: string, key: "Enter" | "Space" = "Enter"): Promise<void> {
    await tabTo(page, selector);
    await arrive(page, () => page.keyboard.press(key));
  }

  it("has a keyboard walk that finds a missing skip link, an unreachable control and a hidden focus", async () => {
    const page = await keyboardPage("anyone");
    const fixture = `${server.baseUrl}/keyboard-fixture`;
    await page.route(fixture, (route) =>
      route.fulfill({
        contentType: "text/html",
        body:
          '<!doctype html><html lang="en"><head><title>fixture</title></head><body><main>' +
          '<a href="/a" style="outline:none">no outline</a> <a href="/b">b</a>' +
          '<div inert><button type="button">never reached</button></div></main></body></html>',
      }),
    );
    await page.goto(fixture);
    const walk = await tabThrough(page);
    expect(walk.stops.map((s) => [s.what, s.skip, s.visibleFocus])).toEqual([
      ["a “no outline”", false, false],
      ["a “b”", false, true],
    ]);
    expect(walk.unreached).toEqual([expect.stringContaining("never reached")]);
  });

  it("applies for a licence by keyboard alone", async () => {
    const page = await keyboardPage("applicant");
    await page.goto(`/services/${FOOD_LICENCE}`);
    await walkable(page, "guide");
    await press(page, `main a[href^="/services/${FOOD_LICENCE}/apply"], main a[href^="/apply/"]`);
    expect(await page.locator("h1").textContent()).toBe("开始申请");
    await walkable(page, "start");
    await press(page, "main form button[type=submit]");
    for (const n of [1, 2]) {
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`/pages/${n}$`));
      await walkable(page, `form page ${n}`);
      await press(page, 'button[name="_action"][value="next"]');
    }
    expect(new URL(page.url()).pathname).toMatch(/\/materials$/);
    await walkable(page, "materials");
    // The commitment (告知承诺) stands for the materials: each box ticked with Space, then signed.
    const boxes = page.locator('form[action$="/commitment"] input[type=checkbox]:not(:checked)');
    for (const id of await boxes.evaluateAll((els) => els.map((el) => el.id))) {
      await tabTo(page, `[id="${id}"]`);
      await page.keyboard.press("Space");
    }
    await press(page, 'form[action$="/commitment"] button[type=submit]');
    await press(page, 'main a[href$="/delivery"]');
    await walkable(page, "delivery");
    await tabTo(page, "main input[type=radio]");
    await page.keyboard.press("Space");
    await press(page, 'button[name="_action"][value="next"], main form button[type=submit]');
    expect(await page.locator("h1").textContent()).toBe("核对并提交");
    await walkable(page, "check");
    await press(page, "main form[action$='/submission'] button[type=submit]");
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/\d+\/receipt$/);
    await walkable(page, "receipt");
  });

  it("takes a ticket at the kiosk by keyboard alone", async () => {
    const page = await keyboardPage("anyone");
    await page.goto(`/halls/${HALL}/kiosk`);
    await walkable(page, "kiosk");
    await press(page, "main ul.categories button");
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/halls/${HALL}/tickets/`));
    expect(await page.locator(".ticket-number").textContent()).toMatch(/^A\d{3}$/);
    await walkable(page, "ticket");
  });

  it("calls the next ticket at the clerk's window by keyboard alone", async () => {
    const page = await keyboardPage("clerk");
    await page.goto(`/work/halls/${HALL}/windows/1`);
    await walkable(page, "window console");
    await press(page, "#call-next");
    expect(new URL(page.url()).searchParams.get("done")).toBe("called");
    await walkable(page, "window console, a ticket called");
  });

  it("met no server error on the way", () => {
    expect(server.loggedErrors()).toEqual([]);
  });
});

/** A plain text table for the test's output. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
