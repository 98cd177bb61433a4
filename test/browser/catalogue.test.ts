// The public catalogue in a real chromium against a real server: the front page, a search with its
// "near me" choice made by select (township, then village) without JavaScript, the guide page in both
// languages, in elderly mode on a small phone, and printed — axe-core (WCAG 2.1 A/AA) on each.
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fullGuideContent } from "../../src/modules/catalog/public-fixtures.ts";
import { publishItems, sampleContent } from "../../src/modules/catalog/testing.ts";
import type { Db } from "../../src/platform/db/database.ts";
import { department } from "../factories.ts";
import {
  type Accessibility,
  browserSuite,
  closeChromium,
  launchSeeded,
  type RunningServer,
} from "./harness.ts";

const GUIDE = "330000-SCJG-9001";
const VILLAGE = "330523001201";

/**
 * What the server's data directory holds besides the region slice: a catalogue these tests know (a
 * full-size guide offered in the county, a township and a village, and a few more items), so they
 * depend on no demo content.
 */
async function seed(db: Db): Promise<void> {
  const county = await department(db, "330523", "market_regulation");
  const service = await department(db, "330523", "government_service");
  await publishItems(db, [
    {
      code: GUIDE,
      content: fullGuideContent(),
      offerings: [
        {
          regionCode: "330523",
          departmentId: county,
          promisedDays: 3,
          hallName: "安吉县行政服务中心",
          hallAddress: "安吉县递铺街道天目路 1 号",
          hours: "周一至周五 8:30–12:00，13:30–17:00",
          phone: "0572-5123456",
        },
        { regionCode: "330523001", departmentId: service, hallName: "递铺街道便民服务中心" },
        {
          regionCode: VILLAGE,
          departmentId: service,
          hallName: "古城村便民服务站",
          hours: "每天 8:00–11:30",
        },
      ],
    },
    {
      content: sampleContent({
        name: { zh: "生育登记", en: "Birth registration" },
        line: "health",
        audience: ["person"],
        events: ["birth"],
      }),
    },
    { content: sampleContent({ name: { zh: "企业设立登记", en: "Company registration" } }) },
  ]);
}

browserSuite("the public catalogue in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  const open = async (options: { locale?: string; elder?: boolean; width?: number } = {}) => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      locale: options.locale ?? "zh-CN",
      ...(options.width ? { viewport: { width: options.width, height: 800 } } : {}),
    });
    const cookies = [
      ...(options.locale === "en" ? [{ name: "tb_lang", value: "en" }] : []),
      ...(options.elder ? [{ name: "tb_mode", value: "elder" }] : []),
    ];
    if (cookies.length > 0) await context.addCookies(cookies.map((c) => ({ ...c, url: server.baseUrl })));
    contexts.push(context);
    const page = await context.newPage();
    page.on("response", (r: Response) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    return page;
  };

  const audit = (page: Page, label: string) => a11y.audit(page, label);

  /**
   * What reaches past the right edge of the screen (elements and runs of text, such as a long address),
   * outside the materials table's own scroll; empty when the page needs no sideways scrolling.
   */
  const wider = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      const edge = window.innerWidth + 0.5;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node instanceof Element ? node : node.parentElement;
        if (!element || element.closest(".table-wrap")) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const right =
          node instanceof Element ? node.getBoundingClientRect().right : range.getBoundingClientRect().right;
        if (right > edge)
          found.push(
            `${element.tagName.toLowerCase()}.${element.className}: ${(node.textContent ?? "").slice(0, 40)}`,
          );
      }
      if (found.length === 0 && document.documentElement.scrollWidth > window.innerWidth)
        found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
      return found;
    });

  /** Acts, waits for the page it leads to, and audits it. */
  const arrive = async (page: Page, label: string, act: () => Promise<unknown>) => {
    const loaded = page.waitForEvent("load");
    await act();
    await loaded;
    await audit(page, label);
  };

  beforeAll(async () => {
    ({ server, browser, a11y } = await launchSeeded("tongban-catalogue-", seed));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => server?.stop() });
  }, 60_000);

  it("opens the catalogue from the header, and browses by life event to a guide", async () => {
    const page = await open();
    await page.goto("/");
    await arrive(page, "catalogue front page (zh-CN)", () =>
      page.locator("header.site-header").getByRole("link", { name: "办事服务" }).click(),
    );
    expect(new URL(page.url()).pathname).toBe("/services");
    expect(await page.locator("h1").textContent()).toBe("办事服务");
    await arrive(page, "life event list", () => page.getByRole("link", { name: "生育出生" }).click());
    expect(await page.locator("h1").textContent()).toBe("生育出生");
    await arrive(page, "guide from a list", () => page.getByRole("link", { name: "生育登记" }).click());
    expect(await page.locator("h1").textContent()).toBe("生育登记");
  });

  it("searches without JavaScript, then narrows to a village by choosing a township first", async () => {
    const page = await open();
    await page.goto("/services");
    await page.getByLabel("搜索事项").fill("食品经营");
    await arrive(page, "search results (zh-CN)", () =>
      page.getByRole("button", { name: "搜索", exact: true }).click(),
    );
    expect(await page.locator("h1").textContent()).toBe("“食品经营”的搜索结果");
    expect(await page.locator("ol.items h3").allTextContents()).toContain("食品经营许可（餐饮服务）");

    // "Where do you live?" stays in sight, beside the search.
    await page.getByLabel("您住在哪里？").selectOption("330523001");
    await arrive(page, "search near a township", () =>
      page.getByRole("button", { name: "查找附近可办的事项" }).click(),
    );
    expect(new URL(page.url()).searchParams.get("near")).toBe("330523001");
    await page.getByLabel("您住在哪里？").selectOption(VILLAGE);
    await arrive(page, "search near a village", () =>
      page.getByRole("button", { name: "查找附近可办的事项" }).click(),
    );
    // The other filters are folded; opened by their summary they work the same way.
    await page.locator("summary").click();
    await page.getByLabel("办理渠道").selectOption("online");
    await arrive(page, "search with a filter", () =>
      page.getByRole("button", { name: "按条件查找" }).click(),
    );
    expect(new URL(page.url()).searchParams.get("channel")).toBe("online");
    expect(new URL(page.url()).searchParams.get("near")).toBe(VILLAGE);
    expect(await page.locator(".place .meta").textContent()).toContain("安吉县 › 递铺街道 › 古城村委会");
    await arrive(page, "guide near a village (from search)", () =>
      page.getByRole("link", { name: "食品经营许可（餐饮服务）" }).click(),
    );
    expect(new URL(page.url()).searchParams.get("near")).toBe(VILLAGE);
    expect(await page.locator("#where").textContent()).toBe("古城村委会附近的办理地点");
    expect(await page.locator("ul.halls h3").allTextContents()).toEqual([
      "古城村便民服务站",
      "递铺街道便民服务中心",
      "安吉县行政服务中心",
    ]);
  });

  it("shows the guide in English, with a real materials table a screen reader can walk", async () => {
    const page = await open({ locale: "en" });
    await page.goto(`/services/${GUIDE}?near=${VILLAGE}`);
    await audit(page, "guide (en)");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const table = page.getByRole("table", { name: "Materials to hand in: 11" });
    expect(await table.getByRole("columnheader").allTextContents()).toEqual([
      "Material",
      "Form",
      "Copies",
      "Required",
      "Notes",
    ]);
    expect(await table.getByRole("rowheader").count()).toBe(11);
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toContain("What to bring");
  });

  it("fits a small phone in elderly mode: nothing wider than the screen but the table's own scroll", async () => {
    const page = await open({ elder: true, width: 360 });
    await page.goto(`/services/${GUIDE}?near=${VILLAGE}`);
    await audit(page, "guide (elderly mode, 360 px)");
    expect((await page.locator("html").getAttribute("class")) ?? "").toContain("elder");
    expect(await wider(page)).toEqual([]);
    await page.goto("/services/search?q=%E9%A3%9F%E5%93%81&near=330523001");
    await audit(page, "search (elderly mode, 360 px)");
    expect(await wider(page)).toEqual([]);
  });

  it("prints the guide without navigation or forms, and offers a print view without JavaScript", async () => {
    const page = await open();
    await page.goto(`/services/${GUIDE}?near=${VILLAGE}`);
    await page.emulateMedia({ media: "print" });
    const shown = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).display !== "none");
    expect(await shown("header.site-header nav")).toBe(false);
    expect(await shown("main form")).toBe(false);
    expect(await shown("table.materials")).toBe(true);
    const after = await page
      .locator("main a[href^='/services']")
      .first()
      .evaluate((e) => getComputedStyle(e, "::after").content);
    expect(after).toContain("/services");
    await page.emulateMedia({ media: "screen" });

    await arrive(page, "guide print view", () => page.getByRole("link", { name: "打印本指南" }).click());
    expect(new URL(page.url()).searchParams.get("print")).toBe("1");
    expect(await page.locator("main form").count()).toBe(0);
    expect(await shown("header.site-header nav")).toBe(false);
    expect(await page.locator("main").textContent()).toContain(`${server.baseUrl}/services/${GUIDE}`);
  });

  it("met no failed request on the way", () => {
    expect(problems).toEqual([]);
  });
});
