// Applying online in a real chromium against a real server, once with JavaScript disabled and once with
// it enabled: sign in, the guide's "Apply online", who applies, the form a page at a time (with a page
// refused and corrected), an upload, delivery, check your answers, the receipt and the progress page —
// axe-core (WCAG 2.1 A/AA) on the form, check, receipt and progress pages.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importPackageCalendar } from "../../src/modules/calendar/service.ts";
import { TINY_PDF } from "../../src/modules/cases/testing.ts";
import { publishItems, sampleContent } from "../../src/modules/catalog/testing.ts";
import type { Db } from "../../src/platform/db/database.ts";
import { department } from "../factories.ts";
import { signInAsPerson, signUp } from "./accounts.ts";
import {
  type Accessibility,
  browserSuite,
  closeChromium,
  launchSeeded,
  type RunningServer,
} from "./harness.ts";

const ITEM = "330000-SCJG-9101";

/**
 * What the server's data directory holds besides the region slice: the calendar and the sample food
 * licence offered in 安吉县.
 */
async function seed(db: Db): Promise<void> {
  await importPackageCalendar(db);
  const bureau = await department(db, "330523", "market_regulation");
  await publishItems(db, [
    {
      code: ITEM,
      content: sampleContent(),
      offerings: [{ regionCode: "330523", departmentId: bureau, hallName: "安吉县行政服务中心" }],
    },
  ]);
}

browserSuite("applying online in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];
  const pdf = join(mkdtempSync(join(tmpdir(), "tongban-upload-")), "申请书.pdf");

  const audit = (page: Page, label: string) => a11y.audit(page, label);

  /** Does something that navigates and waits for the page it leads to. */
  const arrive = async (page: Page, act: () => Promise<unknown>) => {
    const loaded = page.waitForEvent("load");
    await act();
    await loaded;
  };

  beforeAll(async () => {
    writeFileSync(pdf, TINY_PDF);
    ({ server, browser, a11y } = await launchSeeded("tongban-apply-", seed));
  }, 180_000);

  afterAll(async () => {
    await closeChromium(
      { browser, a11y },
      {
        contexts,
        finally: async () => {
          await server?.stop();
          rmSync(resolve(pdf, ".."), { recursive: true, force: true });
        },
      },
    );
  }, 60_000);

  async function journey(javaScriptEnabled: boolean): Promise<void> {
    const how = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
    // axe-core is injected as a script, which the site's CSP would refuse where scripts run.
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled,
      bypassCSP: javaScriptEnabled,
      locale: "zh-CN",
    });
    contexts.push(context);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(`script error ${error.message}`));

    await page.goto(`/account/signin?next=${encodeURIComponent(`/services/${ITEM}`)}`);
    await signInAsPerson(page, (await signUp(server.baseUrl)).email);
    expect(new URL(page.url()).pathname).toBe(`/services/${ITEM}`);

    await arrive(page, () => page.getByRole("link", { name: "在线申请" }).click());
    expect(await page.locator("h1").textContent()).toBe("开始申请");
    await arrive(page, () => page.getByRole("button", { name: "开始填写" }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/applications\/[0-9a-f-]{36}\/pages\/1$/);
    await audit(page, `form page (${how})`);

    // A page with problems comes back with the summary focused and every field linked.
    await page.getByLabel(/店铺名称/).fill("");
    await page.getByLabel(/经营面积/).fill("45");
    await arrive(page, () => page.getByRole("button", { name: "保存并继续" }).click());
    expect(await page.locator(".error-summary a").allTextContents()).toEqual(["请填写“店铺名称”"]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await audit(page, `form page with a problem (${how})`);
    await page.locator(".error-summary a").click();
    expect(new URL(page.url()).hash).toBe("#f-shopName");
    expect(await page.getByLabel(/经营面积/).inputValue()).toBe("45");

    await page.getByLabel(/店铺名称/).fill("小明面馆");
    await arrive(page, () => page.getByRole("button", { name: "保存并继续" }).click());
    await page.getByLabel("热食类食品制售").check();
    await arrive(page, () => page.getByRole("button", { name: "保存并继续" }).click());
    expect(await page.locator("h1").textContent()).toBe("申请材料");

    await page.locator("#m-application-file").setInputFiles(pdf);
    await arrive(page, () => page.locator("#m-application form.upload button").click());
    expect(await page.locator("#m-application").textContent()).toContain("已上传：申请书.pdf");
    await audit(page, `materials page (${how})`);
    await arrive(page, () => page.getByRole("link", { name: "继续", exact: true }).click());
    await page.getByLabel("网上下载").check();
    await arrive(page, () => page.getByRole("button", { name: "保存并继续" }).click());

    expect(await page.locator("h1").textContent()).toBe("核对并提交");
    expect(await page.locator("main").textContent()).toContain("小明面馆");
    await audit(page, `check page (${how})`);
    await arrive(page, () => page.getByRole("button", { name: "提交申请" }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/\d+\/receipt$/);
    const number = await page.locator(".case-number .number").textContent();
    expect(number).toMatch(/^330523\d+$/);
    await audit(page, `receipt (${how})`);

    await arrive(page, () => page.getByRole("link", { name: "查看办理进度" }).click());
    expect(new URL(page.url()).pathname).toBe(`/cases/${number}`);
    expect(await page.locator("main").textContent()).toContain("等待受理");
    await audit(page, `progress page (${how})`);

    // Elderly mode on a small phone: larger type, one column, nothing wider than the screen.
    await context.addCookies([{ name: "tb_mode", value: "elder", url: server.baseUrl }]);
    await page.setViewportSize({ width: 360, height: 800 });
    for (const path of [`/cases/${number}`, "/applications"]) {
      await page.goto(path);
      expect(await page.locator("html").getAttribute("class")).toContain("elder");
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await audit(page, `my applications, elderly mode (${how})`);

    // The applicant's other pages of issue 6: the wallet, who read their data, the one-thing bundles.
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const [path, heading] of [
      ["/wallet", "证照"],
      ["/account/data-reads", "谁查看了我的信息"],
      ["/bundles", ""],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(await page.locator("h1").first().textContent()).toContain(heading);
      await audit(page, `${path}, elderly mode (${how})`);
    }
    expect(failures).toEqual([]);
  }

  it("applies without JavaScript", async () => {
    await journey(false);
  });

  it("applies with JavaScript", async () => {
    await journey(true);
  });
});
