// Supervision in a real browser: the supervisor's overview and one of its lists, and the public ranking
// of departments, pass axe-core at 360 px without sideways scrolling.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import { applyOnline, caseTestApp, caseWorld, type Staff, staffOf } from "../../src/modules/cases/testing.ts";
import { computeRanking } from "../../src/modules/supervision/ranking.ts";
import {
  atOffering,
  badRatingToRectify,
  COUNTY,
  makeOverdue,
  offerIn,
  TOWNSHIP_A,
} from "../../src/modules/supervision/testing.ts";
import type { TestApp } from "../app.ts";
import { type Accessibility, browserSuite, closeChromium, launchWithApp } from "./harness.ts";
import { expectFitAndAccessible, phoneContext } from "./phone.ts";

browserSuite("supervision: the overview and the ranking", () => {
  let t: TestApp;
  let supervisor: Staff;
  let baseUrl: string;
  let browser: Browser;
  let a11y: Accessibility;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await caseTestApp();
    const w = await caseWorld(t);
    const db = t.platform.database.db;
    const food = await offerIn(db, "market_regulation", { zh: "食品经营许可", en: "Food licence" }, [
      TOWNSHIP_A,
    ]);
    const { caseId } = await applyOnline(atOffering(w, food.offerings[TOWNSHIP_A] as string));
    await makeOverdue(t, "cases", [caseId]);
    await db
      .updateTable("cases")
      .set({
        state: "closed",
        outcome: "granted",
        decision: "granted",
        closed_at: new Date(Date.now() - 86_400_000 * 2),
      })
      .where("id", "=", (await applyOnline(w)).caseId)
      .execute();
    await badRatingToRectify(db, { regionCode: TOWNSHIP_A, departmentId: food.departmentId });
    await computeRanking(db);
    supervisor = await staffOf(t, "supervisor");
    ({ baseUrl, browser, a11y } = await launchWithApp(t.app));
  }, 180_000);

  afterAll(async () => {
    await closeChromium({ browser, a11y }, { contexts, finally: () => t?.close() });
  }, 60_000);

  async function phone(who?: Staff) {
    const context = await phoneContext(browser, baseUrl, who ? { cookie: who.cookie } : {});
    contexts.push(context);
    return context.newPage();
  }

  it("passes axe-core on the overview, a list and the ranking at 360 px, without sideways scrolling", async () => {
    const pages: [string, Staff | undefined][] = [
      ["/work/supervision/overview", supervisor],
      [`/work/supervision/overdue?region=${COUNTY}&kind=cases`, supervisor],
      [`/ranking?region=${COUNTY}`, undefined],
      ["/ranking", undefined],
    ];
    for (const [path, who] of pages) {
      const page = await phone(who);
      await expectFitAndAccessible(page, a11y, path);
    }
  });
});
