// Requests from the public in a real browser: markup in a request's text and in a published reply is
// shown as text and runs nothing — tried with the Content-Security-Policy bypassed, so it is the
// escaping that stops it, not the policy behind it — and the citizen's pages pass axe-core at 360 px.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, caseTestApp } from "../../src/modules/cases/testing.ts";
import {
  aComplaint,
  fileVia,
  type RequestsWorld,
  requestsWorld,
  VILLAGE,
} from "../../src/modules/requests/testing.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

const ATTACK = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

browserSuite("requests: markup runs no script", () => {
  let t: TestApp;
  let w: RequestsWorld;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];
  let followPath: string;

  beforeAll(async () => {
    t = await caseTestApp();
    w = await requestsWorld(t);
    const filed = (await fileVia(t, undefined, { ...aComplaint, text: `夜里施工太吵${ATTACK}` })).json() as {
      number: string;
      token: string;
    };
    followPath = `/requests/${filed.number}?token=${filed.token}`;
    const replied = await call(t, w.police, "POST", `/api/v1/work/requests/${filed.number}/reply`, {
      text: `已处理${ATTACK}`,
      public: true,
    });
    if (replied.statusCode !== 200) throw new Error(`reply: ${replied.statusCode} ${replied.body}`);
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(bypassCSP: boolean) {
    const context = await phoneContext(browser, baseUrl, { bypassCSP });
    contexts.push(context);
    return context.newPage();
  }

  it("shows the public reply page's markup as text, and none of it runs", async () => {
    const page = await phone(true);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto("/requests/replies");
    await page.waitForLoadState("load");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("<script>window.__pwned=2</script>");
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.locator("main script").count()).toBe(0);
  });

  it("shows the requester's own text as text on the follow page", async () => {
    const page = await phone(true);
    await page.goto(followPath);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("main").textContent()).toContain("onerror");
    expect(await page.locator("main img").count()).toBe(0);
  });

  it("passes axe-core on the form, the follow page and the replies at 360 px, without sideways scrolling", async () => {
    for (const path of [
      `/requests/new?near=${VILLAGE}`,
      followPath,
      "/requests/replies",
      "/requests/follow",
    ]) {
      // axe-core is injected as a script: the policy is bypassed for it, as the other suites do.
      const page = await phone(true);
      await expectFitAndAccessible(page, a11y, path);
    }
  });
});
