// The staff pages in a real chromium: axe-core (WCAG 2.1 A/AA) finds nothing serious on the worklist and
// on the case page (with its action forms, and again with a refused form's error summary), and a clerk
// accepts a case by pressing the accept button with JavaScript off.
import type { AddressInfo } from "node:net";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyOnline,
  type CaseWorld,
  caseTestApp,
  caseWorld,
  taskAt,
} from "../../src/modules/cases/testing.ts";
import type { TestApp } from "../app.ts";
import { Accessibility, CHROMIUM_ARGS, findChromium } from "./harness.ts";

const browserAt = findChromium();
const required = process.env.REQUIRE_BROWSER === "1";
const missing = `chromium not found at ${browserAt.tried} — install it with apt-get install -y chromium (or set CHROMIUM_PATH)`;

if (browserAt.path === undefined && required) {
  describe("staff pages in a browser", () => {
    it("has a chromium to drive (REQUIRE_BROWSER=1)", () => {
      expect.fail(`REQUIRE_BROWSER=1 but ${missing}`);
    });
  });
} else {
  if (browserAt.path === undefined) console.warn(`browser tests skipped: ${missing}`);
  const suite = browserAt.path === undefined ? describe.skip : describe;

  suite("staff pages in a browser", () => {
    let t: TestApp;
    let w: CaseWorld;
    let baseUrl: string;
    let browser: Browser;
    let a11y: Accessibility;

    beforeAll(async () => {
      // The application in this process on a port of its own, with a county, its item and its staff.
      t = await caseTestApp();
      w = await caseWorld(t);
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: browserAt.path as string, args: CHROMIUM_ARGS });
      a11y = new Accessibility(browser);
    }, 180_000);

    afterAll(async () => {
      const summary = a11y?.summary();
      await a11y?.close();
      await browser?.close();
      await t?.close();
      if (summary) console.info(summary);
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
        const list = await a11y.check(page, "worklist");
        expect.soft(Accessibility.report(list)).toBe("");

        await page.getByRole("link", { name: number }).click();
        await page.waitForURL(new RegExp(`/work/cases/${caseId}`));
        // Every disclosure open, so the forms inside are checked too.
        for (const summary of await page.locator("details.action > summary").all()) await summary.click();
        const view = await a11y.check(page, "case page");
        expect.soft(Accessibility.report(view)).toBe("");
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
        const refused = await a11y.check(page, "case page with a refused form (no JavaScript)");
        expect.soft(Accessibility.report(refused)).toBe("");

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
}
