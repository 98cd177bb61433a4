// Attachments on 12345 requests in a real browser, without JavaScript: the form sends photographs with
// the request, a refused file comes back beside the file field with everything typed kept, and the
// thumbnails load on the requester's and the staff's pages through their checked routes. The form, those
// pages and the administrators' categories page pass axe-core at 360 px.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { caseTestApp, type Staff, staffOf } from "../../src/modules/cases/testing.ts";
import { type RequestsWorld, requestsWorld, VILLAGE } from "../../src/modules/requests/testing.ts";
import { exeBytes, PNG } from "../../src/platform/files/fixtures.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { phoneContext } from "./phone.ts";

browserSuite("requests: attachments without JavaScript", () => {
  let t: TestApp;
  let w: RequestsWorld;
  let provinceAdmin: Staff;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await caseTestApp();
    w = await requestsWorld(t);
    provinceAdmin = await staffOf(t, "administrator", { line: "government_service", jurisdiction: "33" });
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(who?: Staff): Promise<Page> {
    const context = await phoneContext(browser, baseUrl, {
      javaScriptEnabled: false,
      bypassCSP: false,
      ...(who ? { cookie: who.cookie } : {}),
    });
    contexts.push(context);
    return context.newPage();
  }

  const audited = async (page: Page, label: string) => {
    const audit = await a11y.check(page, label);
    const violations = [...audit.blocking, ...audit.other].map((v) => `${v.id} (${v.impact})`);
    expect.soft(violations, `${label}: axe-core`).toEqual([]);
  };

  /** Whether every image of the page's main part has loaded (a broken one has no natural width). */
  const imagesLoaded = (page: Page) =>
    page
      .locator("main img")
      .evaluateAll((images) =>
        images.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
      );

  it("files with a photograph after a refused file, and shows its thumbnail to the requester and the staff", async () => {
    const page = await phone();
    await page.goto(`/requests/new?near=${VILLAGE}`);
    await audited(page, "the form");
    await page.selectOption("#category", "noise");
    await page.fill("#text", "工地夜间施工噪音很大，附现场照片。");
    await page.check("#pref-sms");
    await page.fill("#phone", "13900004444");
    await page.setInputFiles("#attachments", {
      name: "现场.jpg",
      mimeType: "image/jpeg",
      buffer: exeBytes(),
    });
    await page.click("button[type=submit] >> nth=-1");
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("#attachments-error").textContent()).toContain("可执行程序");
    expect(await page.inputValue("#text")).toBe("工地夜间施工噪音很大，附现场照片。");
    expect(await page.inputValue("#phone")).toBe("13900004444");
    await audited(page, "the form with a refused file");

    await page.setInputFiles("#attachments", { name: "现场.png", mimeType: "image/png", buffer: PNG });
    await page.click("button[type=submit] >> nth=-1");
    await page.waitForURL(/\/requests\/\d{16}\?filed=1&token=/);
    expect(await imagesLoaded(page)).toEqual([true]);
    await audited(page, "the follow page with an attachment");
    const number = /\/requests\/(\d{16})/.exec(page.url())?.[1] ?? "";

    const staff = await phone(w.police);
    await staff.goto(`/work/requests/${number}`);
    expect(await imagesLoaded(staff)).toEqual([true]);
    await audited(staff, "the staff's page with an attachment");
    // Another county's police see neither the page nor the file.
    const stranger = await phone(w.otherPolice);
    const refused = await stranger.goto(`/work/requests/${number}`);
    expect(refused?.status()).toBe(404);
  });

  it("lets an administrator of the province retire a category on the categories page", async () => {
    const page = await phone(provinceAdmin);
    await page.goto("/work/requests/categories");
    await audited(page, "the categories page");
    await page.uncheck("#road-repair-active");
    await page.click("form[action='/work/requests/categories/road-repair'] button[type=submit]");
    await page.waitForURL(/\/work\/requests\/categories$/);
    expect(
      await page.locator("form[action='/work/requests/categories/road-repair'] legend").textContent(),
    ).toContain("已停用");
    const form = await phone();
    await form.goto(`/requests/new?near=${VILLAGE}`);
    expect(await form.locator("#category option[value='road-repair']").count()).toBe(0);
  });
});
