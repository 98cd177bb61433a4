import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { createStaff } from "../identity/service.ts";
import { seedDemoConsultationComments, seedDemoConsultations } from "./consultations.ts";
import { DEMO_COUNTY, DEMO_PASSWORD } from "./seed.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await createStaff(db, {
    username: "anji.admin",
    displayName: "刘洋",
    password: DEMO_PASSWORD,
    grants: [
      {
        departmentId: await department(db, DEMO_COUNTY),
        role: "administrator",
        jurisdictionCode: DEMO_COUNTY,
      },
    ],
  });
});
afterAll(() => t.close());

it("publishes an open county draft with comments and a closed one with its summary, once", async () => {
  expect(await seedDemoConsultations(t.platform.database.db)).toBe(2);
  expect(await seedDemoConsultationComments(t.platform)).toBe(4);
  expect(await seedDemoConsultations(t.platform.database.db)).toBe(0);
  expect(await seedDemoConsultationComments(t.platform)).toBe(0);

  const list = (await t.app.inject("/api/v1/consultations?region=330523")).json().items;
  expect(list.map((c: { phase: string; comments: number }) => [c.phase, c.comments])).toEqual([
    ["open", 4],
    ["summarised", 0],
  ]);
  expect(list[0].daysLeft).toBe(25);
  const summary = (await t.app.inject(`/api/v1/consultations/${list[1].id}/summary`)).json();
  expect(summary.counts).toEqual({ adopted: 1, partly_adopted: 1, not_adopted: 1 });
  const page = await t.app.inject({ url: `/consultations/${list[0].id}`, headers: { accept: "text/html" } });
  expect(page.body).toContain("建议附上常见垃圾的分类图示");
});
