// The staff pages in a real chromium: axe-core (WCAG 2.1 A/AA) finds nothing serious on the worklist and
// on the case page (with its action forms, and again with a refused form's error summary), and a clerk
// accepts a case by pressing the accept button with JavaScript off.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  applyOnline,
  type CaseWorld,
  caseTestApp,
  caseWorld,
  taskAt,
} from "../../src/modules/cases/testing.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";

browserSuite("staff pages in a browser", () => {
  let t: TestApp;
  let w: CaseWorld;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;

  beforeAll(async () => {
    // The application in this process on a port of its own, with a county, its item and its staff.
    t = await caseTestApp();
    w = await caseWorld(t);
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { finally: () => t?.close() });
  }, 60_000);

  /** A browser signed in as the county's clerk, by the session cookie the API sign-in gave. */
  async function asClerk(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      locale: "zh-CN",
      javaScriptEnabled,
      bypassCSP: javaScriptEnabled,
    });
    const [name = "", value = ""] = w.clerk.cookie.split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
    return { context, page: await context.newPage() };
  }

  const state = async (caseId: string) =>
    (
      await t.platform.database.db
        .selectFrom("cases")
        .select("state")
        .where("id", "=", caseId)
        .executeTakeFirstOrThrow()
    ).state;

  it("has nothing serious for axe-core on the worklist and the case page", async () => {
    const { caseId, number } = await applyOnline(w);
    const { context, page } = await asClerk(true);
    try {
      await page.goto("/work");
      await expect.poll(() => page.getByRole("link", { name: number }).count()).toBe(1);
      await a11y.audit(page, "worklist");

      await page.getByRole("link", { name: number }).click();
      await page.waitForURL(new RegExp(`/work/cases/${caseId}`));
      // Every disclosure open, so the forms inside are checked too.
      for (const summary of await page.locator("details.action > summary").all()) await summary.click();
      await a11y.audit(page, "case page");
    } finally {
      await context.close();
    }
  });

  it("accepts a case with JavaScript off, and shows a refused form's errors accessibly", async () => {
    const { caseId } = await applyOnline(w);
    const intake = await taskAt(t, caseId, "intake");
    const { context, page } = await asClerk(false);
    try {
      await page.goto(`/work/cases/${caseId}`);
      // A reject without its reason comes back with the summary linked to the field.
      await page.getByText("不予受理", { exact: true }).first().click();
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "不予受理", exact: true }).click(),
      ]);
      const link = page.locator(".error-summary a");
      expect(await link.textContent()).toBe("请写明理由");
      expect(await link.getAttribute("href")).toBe(`#f-${intake.id}-reject-reason`);
      await a11y.audit(page, "case page with a refused form (no JavaScript)");

      await Promise.all([
        page.waitForURL(/done=accept/),
        page.getByRole("button", { name: "受理", exact: true }).click(),
      ]);
      expect(await page.getByRole("status").first().textContent()).toContain("已受理，办理时限开始计算。");
      expect(await state(caseId)).toBe("review");
    } finally {
      await context.close();
    }
  });
});
