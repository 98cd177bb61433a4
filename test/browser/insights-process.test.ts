// Process mining in a real browser: the process map and the what-if page (with an estimate explained
// and the catalogue manager's save button) pass axe-core at 360 px without sideways scrolling.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import type { Staff } from "../../src/modules/cases/testing.ts";
import { CASE_TEST_ENV } from "../../src/modules/cases/testing.ts";
import { type MiningWorld, miningWorld } from "../../src/modules/insights/mining-testing.ts";
import { createTestApp, type TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

browserSuite("insights: the process map and what-if", () => {
  let t: TestApp;
  let m: MiningWorld;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: CASE_TEST_ENV });
    m = await miningWorld(t);
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(who: Staff) {
    const context = await phoneContext(browser, baseUrl, { cookie: who.cookie });
    contexts.push(context);
    return context.newPage();
  }

  it("passes axe-core on the process map and the what-if pages at 360 px, without sideways scrolling", async () => {
    const scope = `item=${m.w.itemCode}&from=2026-03-01&to=2026-03-31`;
    const pages: [string, Staff][] = [
      ["/work/insights/process", m.supervisor],
      [`/work/insights/process?${scope}`, m.supervisor],
      [`/work/insights/what-if?${scope}`, m.manager],
      [`/work/insights/what-if?${scope}&parallel=check,joint&budgetStep=check.check&budgetDays=1`, m.manager],
    ];
    for (const [path, who] of pages) {
      await expectFitAndAccessible(await phone(who), a11y, path);
    }
  });
});
