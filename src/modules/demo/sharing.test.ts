import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { call, caseTestApp, TINY_PDF } from "../cases/testing.ts";
import { DEMO_APPLICANT, seedDemoCases } from "./applicant.ts";
import { DEMO_PASSWORD, seedDemo } from "./seed.ts";
import { seedDemoSharing } from "./sharing.ts";
import { seedDemoLicences } from "./wallet.ts";

/**
 * The demo shows data running instead of people: the household register is there, civil affairs may
 * read it, and 王小明's social security card is granted the moment he applies — his ID card fetched
 * from his e-licences, not uploaded.
 */

let t: TestApp;

async function signIn(url: string, payload: object): Promise<{ cookie: string }> {
  const response = await t.app.inject({ method: "POST", url, payload });
  expect(response.statusCode).toBe(201);
  return { cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
  expect(await seedDemoSharing(t.platform)).toBe(3);
  await seedDemoCases(t.platform);
  await seedDemoLicences(t.platform);
}, 180_000);
afterAll(() => t.close());

describe("the demo's shared data", () => {
  it("loads once", async () => {
    expect(await seedDemoSharing(t.platform)).toBe(0);
    const records = await t.platform.database.db.selectFrom("registry_records").select("id").execute();
    expect(records).toHaveLength(3);
  });

  it("lets civil affairs read the register under its agreement", async () => {
    const approver = await signIn("/api/v1/session", {
      username: "anji.civil.approver",
      password: DEMO_PASSWORD,
    });
    const agreements = (await call(t, approver, "GET", "/api/v1/data-agreements")).json().items;
    expect(agreements).toHaveLength(1);
    expect(agreements[0]).toMatchObject({ registry: "household_register", status: "approved" });
    const read = await call(t, approver, "POST", "/api/v1/registries/household_register/reads", {
      key: "330523193805120029",
      agreementId: agreements[0].id,
      reason: "高龄津贴核对",
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().fields).toMatchObject({ name: "王秀兰", birthDate: "1938-05-12" });
  });

  it("grants 王小明's social security card at once, fetching what the government holds", async () => {
    const applicant = await signIn("/api/v1/account-session", {
      identifier: DEMO_APPLICANT.email,
      password: DEMO_PASSWORD,
    });
    const offering = await t.platform.database.db
      .selectFrom("catalog_offerings as o")
      .innerJoin("catalog_items as i", "i.id", "o.item_id")
      .select("o.id")
      .where("i.code", "=", "330000-RS-0001")
      .where("o.region_code", "=", "330523")
      .executeTakeFirstOrThrow();
    const response = await call(
      t,
      applicant,
      "POST",
      "/api/v1/submissions",
      {
        offering: offering.id,
        answers: {
          delivery: "邮寄到家",
          postalAddress: "浙江省湖州市安吉县递铺街道鲁家村 8 号",
          bank: "浙江安吉农村商业银行",
          financialAccount: true,
          electronicCard: true,
          contactPhone: DEMO_APPLICANT.mobile,
        },
        materials: [{ key: "photo", fileName: "照片.pdf", contentBase64: TINY_PDF.toString("base64") }],
      },
      { "idempotency-key": "demo-social-security-card" },
    );
    expect(response.statusCode, response.body).toBe(201);
    const row = await t.platform.database.db
      .selectFrom("cases")
      .select(["id", "decision", "materials_avoided"])
      .where("id", "=", response.json().caseId)
      .executeTakeFirstOrThrow();
    expect(row.decision).toBe("granted");
    expect(row.materials_avoided).toBeGreaterThanOrEqual(1);
    const sources = await t.platform.database.db
      .selectFrom("case_materials")
      .select(["material_key", "source"])
      .where("case_id", "=", row.id)
      .execute();
    expect(sources).toEqual(expect.arrayContaining([{ material_key: "id_card", source: "licence" }]));
  });
});
