// The insight pages in a real browser: the dashboard with its chart and tables, the rural–urban gap and
// open data pass axe-core at 360 px without sideways scrolling; the chart is a picture beside its table.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyOnline, caseTestApp, caseWorld, type Staff, staffOf } from "../../src/modules/cases/testing.ts";
import { refreshInsights } from "../../src/modules/insights/rollup.ts";
import { history, rate } from "../../src/modules/insights/testing.ts";
import { someone } from "../../src/modules/mandates/testing.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

const PERIOD = "from=2026-03&to=2026-04";

browserSuite("insight: dashboards, the rural–urban gap and open data", () => {
  let t: TestApp;
  let supervisor: Staff;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await caseTestApp();
    const w = await caseWorld(t);
    const db = t.platform.database.db;
    const townsperson = await someone(t, { name: "李芳", addressRegionCode: "330523001002" });
    for (const [who, decided] of [
      [undefined, "2026-03-12"],
      [townsperson, "2026-03-04"],
      [undefined, "2026-04-09"],
    ] as const) {
      const { caseId } = await applyOnline(w, who ? { who } : {});
      await history(db, caseId, {
        submitted: "2026-03-01T09:00:00",
        accepted: "2026-03-02T10:00:00",
        decided: `${decided}T10:00:00`,
        closed: `${decided}T12:00:00`,
        due: "2026-03-20T23:59:59",
        outcome: "granted",
      });
      await rate(db, caseId, 4, `${decided}T15:00:00`);
    }
    await refreshInsights(db);
    supervisor = await staffOf(t, "supervisor");
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(who?: Staff) {
    const context = await phoneContext(browser, baseUrl, who ? { cookie: who.cookie } : {});
    contexts.push(context);
    return context.newPage();
  }

  it("passes axe-core on the dashboard, the gap and open data at 360 px, without sideways scrolling", async () => {
    const pages: [string, Staff | undefined][] = [
      [`/work/insights?region=330523&${PERIOD}`, supervisor],
      [`/work/insights/equity?region=330523&${PERIOD}`, supervisor],
      [`/open-data?region=33&${PERIOD}`, undefined],
    ];
    for (const [path, who] of pages) {
      const page = await phone(who);
      await expectFitAndAccessible(page, a11y, path);
    }
  });

  it("draws the chart as inline SVG hidden from screen readers, its figures in the table beside it", async () => {
    const page = await phone(supervisor);
    await page.goto(`${baseUrl}/work/insights?region=330523&${PERIOD}`);
    const picture = page.locator("figure.chart .chart-picture");
    expect(await picture.getAttribute("aria-hidden")).toBe("true");
    expect(await picture.evaluate((div) => div.querySelectorAll(":scope > svg").length)).toBe(1);
    const march = page.locator("figure.chart tbody tr").first();
    expect(await march.locator("th").textContent()).toBe("2026-03");
    expect(await march.locator("td").allTextContents()).toEqual(["3", "2"]);
    // The period form works without script: asking for April alone.
    await page.fill("#from", "2026-04");
    await page.click("form.filters button[type=submit]");
    await page.waitForURL(/from=2026-04/);
    expect(await page.locator("figure.chart tbody tr").count()).toBe(1);
  });
});
