// A public consultation in a real chromium against a real server: a person signs in from the page's
// link, comments on an article with script and markup in the text, and the page shows it as text —
// with JavaScript on and the site's CSP bypassed, so that escaping alone is what stops it — then once
// more without JavaScript at 360 px; axe-core (WCAG 2.1 A/AA) on the page, the refused form and the list.
// Twenty comments are there before anyone comes, so the comments run onto a second page.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertPerson } from "../../src/modules/applicants/store.ts";
import { insertComment } from "../../src/modules/consultations/comment-store.ts";
import { createDraft, publish } from "../../src/modules/consultations/consultations.ts";
import { createStaff } from "../../src/modules/identity/service.ts";
import type { Db } from "../../src/platform/db/database.ts";
import type { Actor } from "../../src/platform/policy.ts";
import { department, TEST_PASSWORD } from "../factories.ts";
import { signInAsPerson, signUp } from "./accounts.ts";
import {
  type Accessibility,
  browserSuite,
  closeChromium,
  launchSeeded,
  type RunningServer,
} from "./harness.ts";

const DAY = 86_400_000;
const ATTACK =
  '<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'img\'">请补充定义';
let consultationId = "";

/** A county department's administrator publishes a two-article draft, open from now for 30 days. */
async function seed(db: Db): Promise<void> {
  const departmentId = await department(db, "330523");
  const grant = { departmentId, role: "administrator" as const, jurisdictionCode: "330523" };
  const id = await createStaff(db, {
    username: "browser.admin",
    displayName: "管理员",
    password: TEST_PASSWORD,
    grants: [grant],
  });
  const actor: Actor = {
    kind: "staff",
    id,
    username: "browser.admin",
    displayName: "管理员",
    grants: [grant],
  };
  consultationId = await createDraft(db, actor, departmentId, {
    title: "安吉县农村生活垃圾分类管理办法（征求意见稿）",
    purpose: "为推进农村生活垃圾分类，起草本办法。",
    contact: "安吉县政务服务中心",
    opensAt: new Date(),
    closesAt: new Date(Date.now() + 30 * DAY),
    articles: [
      { number: "第一条", heading: "目的", body: "为推进农村生活垃圾分类，制定本办法。" },
      { number: "第二条", body: "本办法自发布之日起施行。" },
    ],
  });
  await publish(db, actor, consultationId);
  // A commenter who never signs in here: their personal data are placeholders.
  const personId = await insertPerson(db, {
    name: "冯村民",
    idNumberEnc: "placeholder",
    idNumberIndex: "placeholder",
    idNumberMasked: "3305**********0000",
    email: "feng@example.cn",
    mobile: null,
    addressRegionCode: null,
    passwordHash: "placeholder",
  });
  for (let i = 0; i < 20; i++)
    await insertComment(db, {
      consultationId,
      articlePosition: null,
      personId,
      body: `早先的意见 ${i}`,
      at: new Date(Date.now() - (20 - i) * 60_000),
    });
}

browserSuite("a public consultation in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];

  const arrive = async (page: Page, act: () => Promise<unknown>) => {
    const loaded = page.waitForEvent("load");
    await act();
    await loaded;
  };

  beforeAll(async () => {
    ({ server, browser, a11y } = await launchSeeded("tongban-consult-", seed, {
      REQUIRE_STAFF_MFA: "false",
    }));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: async () => server?.stop() });
  }, 60_000);

  async function journey(javaScriptEnabled: boolean): Promise<void> {
    const how = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled,
      bypassCSP: javaScriptEnabled,
      locale: "zh-CN",
      viewport: { width: 360, height: 740 },
    });
    contexts.push(context);
    const page = await context.newPage();
    const ran: string[] = [];
    page.on("dialog", (dialog) => {
      ran.push(`dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => ran.push(`script error ${error.message}`));

    const path = `/consultations/${consultationId}`;
    await page.goto("/consultations");
    await a11y.audit(page, `the list (${how})`);
    await arrive(page, () => page.getByRole("link", { name: /垃圾分类管理办法/ }).click());
    expect(new URL(page.url()).pathname).toBe(path);
    await arrive(page, () => page.getByRole("link", { name: "登录后发表意见" }).click());
    await signInAsPerson(page, (await signUp(server.baseUrl, { name: "周敏" })).email);
    expect(new URL(page.url()).pathname).toBe(path);

    // Nothing written: the summary names the field and leads to it.
    await arrive(page, () => page.getByRole("button", { name: "提交意见" }).click());
    expect(await page.locator(".error-summary a").allTextContents()).toEqual(["请填写意见内容"]);
    await a11y.audit(page, `the refused comment (${how})`);

    await page.getByLabel("针对").selectOption({ label: "第一条 目的" });
    await page.getByLabel("您的意见").fill(ATTACK);
    await arrive(page, () => page.getByRole("button", { name: "提交意见" }).click());
    expect(await page.locator(".notice").textContent()).toContain("您的意见已提交");
    const shown = page.locator("#comments + ul li").filter({ hasText: "请补充定义" }).last();
    expect(await shown.textContent()).toContain(ATTACK);
    expect(await page.locator("main img[src=x], main script").count()).toBe(0);
    if (javaScriptEnabled)
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(ran).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling at 360 px").toBeLessThanOrEqual(0);
    await a11y.audit(page, `the consultation with comments (${how})`);

    // The older comments are a plain link away; a page past the last leads back to it.
    await arrive(page, () => page.getByRole("link", { name: "下一页" }).click());
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    expect(await page.locator("#comments + ul li").count()).toBeGreaterThan(0);
    await a11y.audit(page, `the second page of comments (${how})`);
    await page.goto(`${path}?page=9`);
    expect(await page.locator("main").textContent()).toContain("第 9 页没有意见");
    await a11y.audit(page, `a page past the last (${how})`);
    await arrive(page, () => page.getByRole("link", { name: "回到第 2 页" }).click());
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
  }

  it("gives the department's staff pages that pass axe-core and fit 360 px", async () => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      javaScriptEnabled: false,
      locale: "zh-CN",
      viewport: { width: 360, height: 740 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/signin?next=${encodeURIComponent("/work/consultations")}`);
    await page.getByLabel("用户名").fill("browser.admin");
    await page.getByLabel("密码").fill(TEST_PASSWORD);
    await arrive(page, () => page.locator("main form button[type=submit]").click());
    expect(new URL(page.url()).pathname).toBe("/work/consultations");
    await a11y.audit(page, "the department's consultations");
    await page.goto("/work/consultations/new");
    await a11y.audit(page, "a new draft");
    await arrive(page, () => page.getByRole("button", { name: "保存草稿" }).click());
    expect(await page.locator(".error-summary a").count()).toBeGreaterThan(2);
    await a11y.audit(page, "a refused draft");
    await page.goto(`/work/consultations/${consultationId}`);
    await a11y.audit(page, "a published consultation, for its department");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling at 360 px").toBeLessThanOrEqual(0);
  }, 120_000);

  it("shows a comment's script and markup as text, and runs none of it", async () => {
    await journey(true);
  }, 120_000);

  it("takes a comment without JavaScript, at 360 px", async () => {
    await journey(false);
  }, 120_000);
});
