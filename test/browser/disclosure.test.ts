// Information disclosure (政务公开) in a real browser: markup in a publication's title and text is shown
// as text and runs nothing — tried with the Content-Security-Policy bypassed, so it is the escaping that
// stops it — the search works without JavaScript, and the public pages pass axe-core at 360 px.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, caseTestApp, staffOf } from "../../src/modules/cases/testing.ts";
import type { TestApp } from "../app.ts";
import { department, seedRegionSlice } from "../factories.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

const ATTACK = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

browserSuite("information disclosure: markup runs no script, pages pass axe-core", () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];
  let departmentId: string;
  let attacked: string;

  beforeAll(async () => {
    t = await caseTestApp();
    const db = t.platform.database.db;
    await seedRegionSlice(db);
    departmentId = await department(db, "330523", "market_regulation");
    const publisher = await staffOf(t, "approver");
    const publish = async (title: string, body: string) => {
      const created = await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
        departmentId,
        category: "notice",
        title,
        body,
      });
      if (created.statusCode !== 201) throw new Error(`publish: ${created.statusCode} ${created.body}`);
      return created.json().id as string;
    };
    attacked = await publish(`关于夜间施工管理的通知${ATTACK}`, `施工单位应当遵守规定。${ATTACK}`);
    await publish("关于调整办公时间的通知", "自下月起，办公时间调整为8:30至17:30。");
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(javaScriptEnabled: boolean) {
    const context = await phoneContext(browser, baseUrl, { javaScriptEnabled });
    contexts.push(context);
    return context.newPage();
  }

  it("shows a publication's markup as text on the list and on its page, and none of it runs", async () => {
    const page = await phone(true);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const path of ["/disclosure", `/disclosure/publications/${attacked}`]) {
      expect((await page.goto(path))?.status(), path).toBe(200);
      await page.waitForLoadState("load");
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator("main").textContent(), path).toContain("<script>window.__pwned=2</script>");
      expect(await page.locator("main img").count(), path).toBe(0);
      expect(await page.locator("main script").count(), path).toBe(0);
    }
    expect(dialogs).toEqual([]);
  });

  it("finds a publication by a word of its title without JavaScript", async () => {
    const page = await phone(false);
    await page.goto("/disclosure");
    await page.getByLabel("关键词、拼音、文号或索引号").fill("办公时间");
    await Promise.all([page.waitForURL(/[?&]q=/), page.locator("main form button[type=submit]").click()]);
    const titles = await page.locator("main").textContent();
    expect(titles).toContain("关于调整办公时间的通知");
    expect(titles).not.toContain("关于夜间施工管理的通知");
  });

  it("passes axe-core on the list, a search, a publication and a guide at 360 px, without sideways scrolling", async () => {
    for (const path of [
      "/disclosure",
      `/disclosure?q=${encodeURIComponent("通知")}&category=notice`,
      `/disclosure/publications/${attacked}`,
      `/disclosure/guides/${departmentId}`,
    ]) {
      const page = await phone(true);
      await expectFitAndAccessible(page, a11y, path);
    }
  });
});
