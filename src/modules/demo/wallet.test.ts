import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { findPersonByIdentifier, signUp } from "../applicants/service.ts";
import { usableLicence } from "../licences/service.ts";
import { myWallet } from "../licences/wallet.ts";
import { DEMO_APPLICANT } from "./applicant.ts";
import { DEMO_COUNTY, DEMO_PASSWORD } from "./seed.ts";
import { seedDemoLicences } from "./wallet.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  await department(t.platform.database.db, DEMO_COUNTY);
});
afterAll(() => t.close());

it("makes nothing before the demo applicant has an account", async () => {
  expect(await seedDemoLicences(t.platform)).toBe(0);
  const count = await t.platform.database.db
    .selectFrom("licences")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(0);
});

it("gives 王小明 two licences in force and an expired one, signed by the county's bureaus, once", async () => {
  const db = t.platform.database.db;
  await signUp(db, t.platform, { ...DEMO_APPLICANT, password: DEMO_PASSWORD }, { locale: "zh-CN" });
  const person = await findPersonByIdentifier(db, t.platform.config.personalDataKey, DEMO_APPLICANT.email);
  if (!person) throw new Error("The demo applicant was not made");
  const actor = { kind: "person" as const, id: person.id, name: DEMO_APPLICANT.name };

  expect(await seedDemoLicences(t.platform)).toBe(4);
  expect(await seedDemoLicences(t.platform)).toBe(0);

  const wallet = await myWallet(db, actor);
  const seen = wallet
    .map((e) => ({
      type: e.licence.type,
      state: e.licence.state,
      genuine: e.licence.genuine,
      department: e.licence.department.name,
      holder: e.licence.holder.name,
      shareable: e.allowed.includes("share"),
    }))
    .sort((a, b) => a.type.localeCompare(b.type));
  expect(seen).toEqual([
    {
      type: "food_business_licence",
      state: "expired",
      genuine: true,
      department: "安吉县市场监督管理局",
      holder: "王小明",
      shareable: false,
    },
    {
      type: "household_register_extract",
      state: "valid",
      genuine: true,
      department: "安吉县公安局",
      holder: "王小明",
      shareable: true,
    },
    {
      type: "real_estate_certificate",
      state: "valid",
      genuine: true,
      department: "安吉县自然资源和规划局",
      holder: "王小明",
      shareable: true,
    },
    {
      type: "resident_id_card",
      state: "valid",
      genuine: true,
      department: "安吉县公安局",
      holder: "王小明",
      shareable: true,
    },
  ]);
  expect(wallet.every((e) => e.licence.holder.identifierMasked?.includes("*"))).toBe(true);
  const holder = { kind: "person" as const, id: person.id };
  expect((await usableLicence(db, holder, "real_estate_certificate"))?.validUntil).toBeNull();
  expect(await usableLicence(db, holder, "household_register_extract")).toBeDefined();
  expect(await usableLicence(db, holder, "food_business_licence")).toBeUndefined();
});
