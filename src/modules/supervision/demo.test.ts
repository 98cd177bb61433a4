import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { seedDemoCases } from "../demo/applicant.ts";
import { seedDemoRanking } from "../demo/ranking.ts";
import { seedDemoRatings } from "../demo/ratings.ts";
import { DEMO_COUNTY, seedDemo } from "../demo/seed.ts";

let t: TestApp;

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
  await seedDemoCases(t.platform);
  await seedDemoRatings(t.platform);
}, 180_000);
afterAll(() => t.close());

describe("the demo's ranking", () => {
  it("is there on the first start, with the ratings given while the demo loaded, over a window ending that day", async () => {
    const now = new Date();
    expect(await seedDemoRanking(t.platform, now)).toBeGreaterThan(0);
    const r = (
      await call(t, undefined, "GET", `/api/v1/public/department-ranking?region=${DEMO_COUNTY}`)
    ).json();
    const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(r.asOf).toBe(today);
    expect(r.window.to).toBe(today);
    const market = [...r.ranked, ...r.belowMinimum].find((d: { name: string }) =>
      d.name.includes("市场监督管理局"),
    );
    expect(market).toMatchObject({ ratings: 2, satisfaction: 0.5 });
    const page = await call(t, undefined, "GET", `/ranking?region=${DEMO_COUNTY}`);
    expect(page.body).toContain("市场监督管理局");
  });
});
