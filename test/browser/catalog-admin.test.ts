// The catalogue managers' draft editor in a real chromium: typing in the field editor changes the live
// preview beside it, a field added in place shows up in it, the same page works without JavaScript, and
// axe-core (WCAG 2.1 A/AA) finds nothing serious on it either way.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createItem } from "../../src/modules/catalog/service.ts";
import { sampleContent } from "../../src/modules/catalog/testing.ts";
import { actorForToken } from "../../src/modules/identity/service.ts";
import { cookiesOf, createTestApp, type TestApp } from "../app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../factories.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";

browserSuite("catalogue editor in a browser", () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  let username: string;
  const code = "330000-TEST-BROWSER";
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    // The application in this process on a port of its own: the editor needs only a catalogue
    // manager and one item, which the factories make without the demo county.
    t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
    const db = t.platform.database.db;
    await seedRegionSlice(db);
    username = (await staffMember(db, "catalog_manager", "33")).username;
    const session = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username, password: TEST_PASSWORD },
    });
    const actor = await actorForToken(db, cookiesOf(session).tb_session as string);
    if (!actor) throw new Error("no catalogue manager");
    await createItem(db, actor, { code, ownerRegionCode: "33", content: sampleContent() });
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { finally: () => t?.close() });
  }, 60_000);

  /**
   * A signed-in page on the editor. The behaviour is tried under the site's Content-Security-Policy, so
   * a script it would block fails here too; axe-core needs the policy bypassed to be injected.
   */
  async function signedIn(
    javaScriptEnabled: boolean,
    bypassCSP = false,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      locale: "zh-CN",
      javaScriptEnabled,
      bypassCSP,
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => scriptErrors.push(error.message));
    await page.goto(`/signin?next=${encodeURIComponent(`/catalog/admin/items/${code}/edit`)}`);
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole("button", { name: "登录" }).click()]);
    return { context, page };
  }

  const preview = (page: Page) => page.locator("[data-preview]");

  it("updates the preview as the manager types in the field editor", async () => {
    const { context, page } = await signedIn(true);
    try {
      expect(await preview(page).locator('label[for="pv-shopName"]').textContent()).toBe("店铺名称（必填）");

      await page.locator("#f-form-fields-0-title").fill("商铺名称");
      await expect
        .poll(() => preview(page).locator('label[for="pv-shopName"]').textContent(), { timeout: 5_000 })
        .toBe("商铺名称（必填）");
      expect(await page.locator("[data-preview-status]").textContent()).toBe("预览已更新");

      // A field added in place, typed into, and drawn beside it; nothing was posted but previews.
      const rows = page.locator('[data-rows="form.fields"] > ol > li');
      expect(await rows.count()).toBe(3);
      await page.getByRole("button", { name: "增加一个字段" }).click();
      expect(await rows.count()).toBe(4);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("f-form-fields-3-name");
      await page.locator("#f-form-fields-3-name").fill("phone");
      await page.locator("#f-form-fields-3-title").fill("联系电话");
      await page.locator("#f-form-fields-3-page").fill("1");
      await expect
        .poll(() => preview(page).locator('label[for="pv-phone"]').textContent(), { timeout: 5_000 })
        .toBe("联系电话");
      expect(page.url()).toBe(`${baseUrl}/catalog/admin/items/${code}/edit`);

      // The choice field becomes a list of options to tick.
      await page.locator("#f-form-fields-2-options").fill("预包装食品销售\n散装食品销售\n热食类食品制售");
      await expect
        .poll(() => preview(page).locator('input[name="kinds"]').count(), { timeout: 5_000 })
        .toBe(3);

      // Saved, the draft keeps what was typed in the editor.
      await Promise.all([
        page.waitForURL(/done=saved/),
        page.getByRole("button", { name: "保存草稿" }).first().click(),
      ]);
      // Rows come back in the order the pages show them: the new field is on page 1.
      expect(await page.locator("#f-form-fields-2-name").inputValue()).toBe("phone");
      expect(await page.locator("#f-form-fields-0-title").inputValue()).toBe("商铺名称");
    } finally {
      await context.close();
    }
    expect(scriptErrors).toEqual([]);
  });

  it("has nothing serious for axe-core on the editor with its script running", async () => {
    const { context, page } = await signedIn(true, true);
    try {
      await page.locator("#f-form-fields-0-title").fill("店铺名称");
      await page.getByRole("button", { name: "增加一项材料" }).click();
      await a11y.audit(page, "draft editor (JavaScript)");
    } finally {
      await context.close();
    }
  });

  it("previews and adds rows without JavaScript, through the server", async () => {
    const { context, page } = await signedIn(false);
    try {
      await page.locator("#f-form-fields-0-title").fill("门店名称");
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "预览表单" }).first().click(),
      ]);
      expect(await preview(page).locator('label[for="pv-shopName"]').textContent()).toBe("门店名称（必填）");
      expect(new URL(page.url()).hash).toBe("#form-editor");
      await a11y.audit(page, "draft editor (no JavaScript)");

      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "增加一项材料" }).click(),
      ]);
      expect(await page.locator('[data-rows="materials"] > ol > li').count()).toBe(3);
      expect(await page.locator("#f-form-fields-0-title").inputValue()).toBe("门店名称");
    } finally {
      await context.close();
    }
  });
});
