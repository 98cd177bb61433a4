import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { seedDemoCases } from "../demo/applicant.ts";
import { seedDemoRatings } from "../demo/ratings.ts";
import { DEMO_PASSWORD, seedDemo } from "../demo/seed.ts";

let t: TestApp;

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
  await seedDemoCases(t.platform);
}, 180_000);
afterAll(() => t.close());

describe("the demo's ratings", () => {
  it("rate two of 王小明's closed cases, one badly, whose rectification is called back and on the bureau's list", async () => {
    expect(await seedDemoRatings(t.platform)).toBe(2);
    expect(await seedDemoRatings(t.platform)).toBe(0);
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: "anji.reviewer", password: DEMO_PASSWORD },
    });
    const reviewer = { cookie: `tb_session=${cookiesOf(signedIn).tb_session}` };
    const list = (await call(t, reviewer, "GET", "/api/v1/rectifications")).json();
    expect(list.items).toEqual([expect.objectContaining({ state: "called_back", level: 2 })]);
    const groups = (await call(t, undefined, "GET", "/api/v1/ratings/figures/department")).json();
    expect(groups.items[0]).toMatchObject({ total: 2, satisfaction: 50 });
  });
});
