import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { caseTestApp } from "../cases/testing.ts";
import { seedDemoRequests } from "../demo/requests.ts";
import { ensureLineDepartments } from "../departments/service.ts";
import { resolveRoute } from "./routing.ts";

let t: TestApp;
beforeAll(async () => {
  t = await caseTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("the demo's requests", () => {
  it("seeds categories, the county's rules and one request in each state, once", async () => {
    const db = t.platform.database.db;
    await seedRegionSlice(db);
    await db
      .insertInto("regions")
      .values([
        { code: "330523001211", parent_code: "330523001", level: 5, name: "鲁家村", urban_rural: "rural" },
        { code: "330523001203", parent_code: "330523001", level: 5, name: "吉庆桥村", urban_rural: "rural" },
      ])
      .onConflict((c) => c.column("code").doNothing())
      .execute();
    const county = await ensureLineDepartments(db, { code: "330523", name: "安吉县", level: 3 });
    const departments = new Map([["330523", county]]);
    await seedDemoRequests(db, departments);
    await seedDemoRequests(db, departments);
    const rows = await db
      .selectFrom("public_requests")
      .select(["state", "reply_public"])
      .orderBy("number")
      .execute();
    expect(rows.map((r) => r.state).sort()).toEqual(["assigned", "closed", "received", "replied"]);
    expect((await resolveRoute(db, "noise", "330523001201")).departmentId).toBe(
      county.get("public_security"),
    );
    expect((await resolveRoute(db, "policy-question", "330523001201")).departmentId).toBeNull();
    const page = await t.app.inject({ url: "/requests/replies" });
    expect(page.body).toContain("列入本月养护计划");
  });
});
