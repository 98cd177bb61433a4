// A person's journey through the pages in a real chromium against a real server: language and elderly
// mode switches, staff sign-in, the workspace, the region tree down to a village, the same without
// JavaScript — and axe-core (WCAG 2.1 A/AA) on every page on the way.
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  Accessibility,
  browserSuite,
  closeChromium,
  launchWithServer,
  type RunningServer,
  startServer,
} from "./harness.ts";

const DEMO_PASSWORD = "Bamboo-demo-2026";

browserSuite("browser journey", () => {
  let server: RunningServer;
  let browser: Browser;
  let a11y: Accessibility;
  let context: BrowserContext;
  let page: Page;
  /** HTTP answers of 400 and above that no step expected, and uncaught script errors. */
  const problems: string[] = [];
  const expectedFailures: Array<(r: Response) => boolean> = [];

  const watch = (p: Page, name: string) => {
    p.on("response", (r) => {
      if (r.status() >= 400 && !expectedFailures.some((ok) => ok(r))) {
        problems.push(`${name}: ${r.status()} ${r.request().method()} ${r.url()}`);
      }
    });
    p.on("pageerror", (error) => problems.push(`${name}: script error ${error.message}`));
  };

  /** axe-core on the page as it is now; serious and critical violations fail (softly, so all show). */
  const audit = (p: Page, label: string) => a11y.audit(p, label);

  /**
   * Does something that navigates, waits for the next page to load, checks it is at `path` and audits
   * it. (Waiting for the load event rather than a URL: a switch link comes back to the same address.)
   */
  const arrive = async (p: Page, label: string, path: string, act: () => Promise<unknown>) => {
    const loaded = p.waitForEvent("load");
    await act();
    await loaded;
    expect(new URL(p.url()).pathname, `${label}: where the page landed`).toBe(path);
    await audit(p, label);
  };

  const lang = (p: Page) => p.locator("html").getAttribute("lang");
  const htmlClass = async (p: Page) => (await p.locator("html").getAttribute("class")) ?? "";
  const bodyFontPx = (p: Page) =>
    p.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
  const header = (p: Page) => p.locator("header.site-header");
  const listLink = (p: Page, name: string) =>
    p.locator("main ul.list").getByRole("link", { name, exact: true });

  beforeAll(async () => {
    ({ server, browser, a11y } = await launchWithServer(startServer()));
    context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: "zh-CN" });
    page = await context.newPage();
    watch(page, "journey");
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { finally: () => server?.stop() });
  }, 60_000);

  it("has an accessibility check that finds violations, with and without JavaScript", async () => {
    const fixture = `${server.baseUrl}/axe-fixture`;
    const html =
      '<!doctype html><html lang="en"><head><title>fixture</title></head><body><main>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>';
    for (const javaScriptEnabled of [true, false]) {
      const scratch = await browser.newContext({ bypassCSP: true, javaScriptEnabled });
      try {
        const p = await scratch.newPage();
        await p.route(fixture, (route) => route.fulfill({ contentType: "text/html", body: html }));
        await p.goto(fixture);
        const found = await a11y.check(p, `fixture (JavaScript ${javaScriptEnabled})`, { record: false });
        expect(found.blocking.map((v) => v.id).sort()).toEqual(["image-alt", "label"]);
        expect(Accessibility.report(found)).toContain("image-alt");
      } finally {
        await scratch.close();
      }
    }
  });

  it("opens the home page in Chinese", async () => {
    await page.goto("/");
    await audit(page, "home (zh-CN)");
    expect(await lang(page)).toBe("zh-CN");
    expect(await page.locator("h1").textContent()).toBe("一网通办，就近可办");
  });

  it("switches to English and back to Chinese with the header link", async () => {
    await arrive(page, "home (en)", "/", () => header(page).getByRole("link", { name: "English" }).click());
    expect(await lang(page)).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Every service, one network, close to home");
    expect(await header(page).getByRole("link", { name: "Regions" }).count()).toBe(1);

    await arrive(page, "home (zh-CN again)", "/", () =>
      header(page).getByRole("link", { name: "中文" }).click(),
    );
    expect(await lang(page)).toBe("zh-CN");
    expect(await page.locator("h1").textContent()).toBe("一网通办，就近可办");
  });

  it("switches to elderly mode, remembers it on the next page, and switches back", async () => {
    const standardPx = await bodyFontPx(page);
    expect(await htmlClass(page)).not.toContain("elder");

    await arrive(page, "home (elderly mode)", "/", () =>
      header(page).getByRole("link", { name: "长者模式" }).click(),
    );
    expect((await htmlClass(page)).split(/\s+/)).toContain("elder");
    const elderPx = await bodyFontPx(page);
    expect(elderPx).toBeGreaterThan(standardPx);

    await arrive(page, "regions (elderly mode)", "/regions", () =>
      header(page).getByRole("link", { name: "行政区划" }).click(),
    );
    expect((await htmlClass(page)).split(/\s+/)).toContain("elder");
    expect(await bodyFontPx(page)).toBe(elderPx);

    await arrive(page, "regions (standard mode)", "/regions", () =>
      header(page).getByRole("link", { name: "标准模式" }).click(),
    );
    expect(await htmlClass(page)).not.toContain("elder");
    expect(await bodyFontPx(page)).toBe(standardPx);
  });

  it("signs in as the county clerk through the form", async () => {
    await arrive(page, "sign-in", "/signin", () =>
      header(page).getByRole("link", { name: "工作人员登录" }).click(),
    );
    await page.getByLabel("用户名").fill("anji.clerk");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await arrive(page, "workspace", "/me", () => page.getByRole("button", { name: "登录" }).click());
  });

  it("shows the workspace with role, department and jurisdiction", async () => {
    expect(await page.locator("h1").textContent()).toBe("王芳，您好");
    const row = page.locator("main table tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.locator("td").allTextContents()).toEqual([
      "窗口受理人员",
      "安吉县政务服务中心",
      "安吉县 330523",
    ]);
    expect(await row.getByRole("link", { name: "安吉县" }).getAttribute("href")).toBe("/regions/330523");
    expect(await header(page).getByRole("link", { name: "我的工作台" }).count()).toBe(1);
  });

  it("opens the region tree from the provinces down to a village", async () => {
    await arrive(page, "regions", "/regions", () =>
      header(page).getByRole("link", { name: "行政区划" }).click(),
    );
    const steps: Array<[string, string]> = [
      ["浙江省", "33"],
      ["湖州市", "3305"],
      ["安吉县", "330523"],
      ["递铺街道", "330523001"],
      ["鲁家村委会", "330523001211"],
    ];
    for (const [name, code] of steps) {
      await arrive(page, `region ${name}`, `/regions/${code}`, () => listLink(page, name).click());
      expect(await page.locator("h1").textContent()).toBe(name);
    }

    const crumbs = page.locator("nav.breadcrumb li");
    expect(await crumbs.allTextContents()).toEqual([
      "行政区划",
      "浙江省",
      "湖州市",
      "安吉县",
      "递铺街道",
      "鲁家村委会",
    ]);
    expect(await crumbs.last().locator("[aria-current=page]").textContent()).toBe("鲁家村委会");
    expect(await crumbs.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([
      "/regions",
      "/regions/33",
      "/regions/3305",
      "/regions/330523",
      "/regions/330523001",
    ]);
    const facts = page.locator("dl.facts");
    expect(await facts.locator("dt").allTextContents()).toEqual(["区划代码", "层级", "城乡分类"]);
    expect(await facts.locator("dd").allTextContents()).toEqual([
      "330523001211",
      "村（社区）",
      "乡村（村委会）",
    ]);

    // Back up by the breadcrumb, and into a community: the urban label.
    await arrive(page, "region 递铺街道 (by breadcrumb)", "/regions/330523001", () =>
      page.locator("nav.breadcrumb").getByRole("link", { name: "递铺街道" }).click(),
    );
    await arrive(page, "region 苕秀社区居委会", "/regions/330523001002", () =>
      listLink(page, "苕秀社区居委会").click(),
    );
    expect(await facts.locator("dd").last().textContent()).toBe("城镇（居委会）");
  });

  it("signs out", async () => {
    await arrive(page, "home (signed out)", "/", () =>
      header(page).getByRole("button", { name: "退出" }).click(),
    );
    expect(await header(page).getByRole("link", { name: "工作人员登录" }).count()).toBe(1);
    await page.goto("/me");
    expect(new URL(page.url()).pathname).toBe("/signin");
  });

  it("works without JavaScript: switches, the region tree by links, sign-in by form", async () => {
    const noJs = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      locale: "zh-CN",
    });
    try {
      const p = await noJs.newPage();
      watch(p, "no-js");
      expectedFailures.push(
        (r) => r.request().method() === "POST" && r.url().endsWith("/signin") && r.status() === 400,
      );

      await p.goto("/");
      await audit(p, "no-js home (zh-CN)");
      expect(await lang(p)).toBe("zh-CN");

      // The switches are plain links: English, then elderly mode.
      await arrive(p, "no-js home (en)", "/", () => header(p).getByRole("link", { name: "English" }).click());
      expect(await lang(p)).toBe("en");
      await arrive(p, "no-js home (en, elderly mode)", "/", () =>
        header(p).getByRole("link", { name: "Elderly-friendly mode" }).click(),
      );
      expect((await htmlClass(p)).split(/\s+/)).toContain("elder");

      await arrive(p, "no-js regions (en)", "/regions", () =>
        header(p).getByRole("link", { name: "Regions" }).click(),
      );
      for (const [name, code] of [
        ["浙江省", "33"],
        ["湖州市", "3305"],
        ["安吉县", "330523"],
        ["递铺街道", "330523001"],
        ["鲁家村委会", "330523001211"],
      ] as const) {
        await arrive(p, `no-js region ${name} (en)`, `/regions/${code}`, () => listLink(p, name).click());
      }
      expect(await p.locator("nav.breadcrumb li").allTextContents()).toEqual([
        "Administrative divisions",
        "浙江省",
        "湖州市",
        "安吉县",
        "递铺街道",
        "鲁家村委会",
      ]);
      expect(await p.locator("dl.facts dd").last().textContent()).toBe("Rural (villagers' committee)");

      // Sign in by form: first empty (the server answers with an error summary), then right.
      await arrive(p, "no-js sign-in (en)", "/signin", () =>
        header(p).getByRole("link", { name: "Staff sign-in" }).click(),
      );
      await arrive(p, "no-js sign-in with errors (en)", "/signin", () =>
        p.getByRole("button", { name: "Sign in" }).click(),
      );
      const summary = p.locator(".error-summary");
      expect(await summary.locator("h2").textContent()).toBe("Sign-in did not succeed");
      expect(
        await summary
          .locator("a")
          .evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.textContent])),
      ).toEqual([
        ["#username", expect.stringMatching(/^Enter your username$/i)],
        ["#password", expect.stringMatching(/^Enter your password$/i)],
      ]);
      expect(await p.locator("#username").getAttribute("aria-invalid")).toBe("true");

      await p.getByLabel("Username").fill("anji.clerk");
      await p.getByLabel("Password").fill(DEMO_PASSWORD);
      await arrive(p, "no-js workspace (en)", "/me", () =>
        p.getByRole("button", { name: "Sign in" }).click(),
      );
      expect(await p.locator("h1").textContent()).toBe("Hello, 王芳");
      expect(await p.locator("main table tbody tr td").allTextContents()).toEqual([
        "Window clerk",
        "Government Service Centre, 安吉县",
        "安吉县 330523",
      ]);
    } finally {
      await noJs.close();
    }
  });

  it("met no failed request, script error or server error on the way", () => {
    expect(problems).toEqual([]);
    expect(server.loggedErrors()).toEqual([]);
  });
});
