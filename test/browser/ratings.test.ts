// Ratings in a real browser: markup in a rating's comment and in an addition is shown as text on the
// public page and runs nothing — tried with the Content-Security-Policy bypassed, so it is the escaping
// that stops it — and the public pages and the rating form pass axe-core at 360 px without sideways
// scrolling.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, caseTestApp } from "../../src/modules/cases/testing.ts";
import { someone } from "../../src/modules/mandates/testing.ts";
import { closedCase, type RatingWorld, ratingWorld, smsToken } from "../../src/modules/ratings/testing.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

const ATTACK = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

browserSuite("ratings: markup runs no script", () => {
  let t: TestApp;
  let w: RatingWorld;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];
  let figuresPath: string;
  let formPath: string;

  beforeAll(async () => {
    t = await caseTestApp();
    w = await ratingWorld(t);
    const { number } = await closedCase(w);
    const rated = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 1,
      tags: ["slow"],
      comment: `等了很久${ATTACK}`,
    });
    if (rated.statusCode !== 201) throw new Error(`rate: ${rated.statusCode} ${rated.body}`);
    await call(t, w.applicant, "POST", `/api/v1/ratings/${rated.json().id}/additions`, {
      text: `补充${ATTACK}`,
    });
    const row = await t.platform.database.db
      .selectFrom("ratings")
      .select("department_id")
      .where("id", "=", rated.json().id)
      .executeTakeFirstOrThrow();
    figuresPath = `/ratings/department/${row.department_id}`;
    const other = await someone(t, { addressRegionCode: "330523001201" });
    await closedCase(w, other);
    formPath = `/rate/${await smsToken(t, other.mobile)}`;
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone() {
    const context = await phoneContext(browser, baseUrl);
    contexts.push(context);
    return context.newPage();
  }

  it("shows the comment's and the addition's markup as text on the public page, and none of it runs", async () => {
    const page = await phone();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(figuresPath);
    await page.waitForLoadState("load");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("<script>window.__pwned=2</script>");
    expect(text).toContain("补充<img");
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.locator("main script").count()).toBe(0);
  });

  it("passes axe-core on the public pages and the rating form at 360 px, without sideways scrolling", async () => {
    for (const path of ["/ratings", figuresPath, formPath]) {
      const page = await phone();
      await expectFitAndAccessible(page, a11y, path);
    }
  });
});
