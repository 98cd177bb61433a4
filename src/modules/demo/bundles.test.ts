import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import type { BundleDefinition } from "../bundles/definition.ts";
import { call, caseTestApp, TINY_PDF } from "../cases/testing.ts";
import { DEMO_ITEMS } from "../catalog/demo/index.ts";
import { issueSample } from "../licences/testing.ts";
import { someone } from "../mandates/testing.ts";
import { DEMO_BUNDLES, seedDemoBundles } from "./bundles.ts";
import { DEMO_COUNTY, DEMO_TOWNSHIP, seedDemo } from "./seed.ts";

let t: TestApp;

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
}, 120_000);
afterAll(() => t.close());

const ISSUE_6 = ["enterprise-startup", "newborn", "restaurant", "retirement", "social-organisation"];

interface Offered {
  code: string;
  definition: BundleDefinition;
}

describe("the demo's bundles", () => {
  it("are the five of issue 6, defined once, valid against the demo catalogue, and offered in the demo county", async () => {
    expect(DEMO_BUNDLES.map((b) => b.code).sort()).toEqual(ISSUE_6);
    expect(await seedDemoBundles(t.platform)).toBe(DEMO_BUNDLES.length);
    expect(await seedDemoBundles(t.platform)).toBe(0);
    const offered: Offered[] = (
      await call(t, undefined, "GET", `/api/v1/bundles?region=${DEMO_COUNTY}`)
    ).json().items;
    expect(offered.map((b) => b.code).sort()).toEqual(ISSUE_6);

    const newborn = offered.find((b) => b.code === "newborn");
    // The baby's name is asked once, for the police and for medical insurance alike.
    const asked = Object.keys(newborn?.definition.form.schema.properties as object);
    expect(asked.filter((f: string) => f === "babyName")).toHaveLength(1);
    expect(newborn?.definition.children.filter((c) => "babyName" in c.fields)).toHaveLength(2);
  });

  it("ask the enterprise's name once, as its registration asks it, for all six departments", () => {
    const startup = DEMO_BUNDLES.find((b) => b.code === "enterprise-startup")?.definition();
    const asked = Object.keys(startup?.form.schema.properties as object);
    expect(asked).toContain("enterpriseName");
    expect(asked).not.toContain("organisationName");
    expect(startup?.children.map((c) => c.fields.enterpriseName)).toEqual([
      "enterpriseName",
      "organisationName",
      "organisationName",
      "organisationName",
      "organisationName",
      "organisationName",
    ]);
    const social = DEMO_BUNDLES.find((b) => b.code === "social-organisation")?.definition();
    expect(Object.keys(social?.form.schema.properties as object)).not.toContain("organisationName");
    expect(social?.children.every((c) => c.fields.groupName !== undefined)).toBe(true);
  });

  it.each(DEMO_BUNDLES.map((b) => [b.code, b.definition()] as const))(
    "%s asks no question twice and leaves no field of a child unasked",
    (_, definition) => {
      const properties = definition.form.schema.properties as Record<string, unknown>;
      const labels = Object.keys(properties).map((f) => definition.form.ui?.fields?.[f]?.label?.zh);
      expect(labels.every((l) => l)).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
      for (const child of definition.children) {
        const item = DEMO_ITEMS.find((i) => i.code === child.itemCode);
        const own = Object.keys(item?.content.form.schema.properties as object).filter((f) => f !== "alsoDo");
        expect(Object.values(child.fields).sort()).toEqual(own.sort());
        for (const combined of Object.keys(child.fields)) expect(properties).toHaveProperty(combined);
      }
    },
  );

  it("take a retirement in one application, opening a case at each department", async () => {
    await seedDemoBundles(t.platform);
    const retiree = await someone(t, { name: "沈秀英", addressRegionCode: DEMO_TOWNSHIP });
    const answers = {
      retirementKind: "按法定退休年龄退休",
      retirementMonth: "2026-12",
      employer: "安吉某某竹业有限公司",
      account: "社会保障卡金融账户",
      closeAccount: "全部提取并销户",
      payeeAccount: "6228480012345678",
      contactPhone: "13905721234",
    };
    // The identity card is fetched from the e-licence library, never asked by the bundle.
    await issueSample(
      t,
      { kind: "person", id: retiree.id, name: retiree.name, identifierMasked: null },
      {
        type: "resident_id_card",
        title: { zh: "居民身份证（电子证照）", en: "Resident identity card (electronic)" },
        departmentId: await department(t.platform.database.db, DEMO_COUNTY, "public_security"),
      },
    );
    const apply = (body: object, key: string) =>
      call(t, retiree, "POST", "/api/v1/bundles/retirement/applications", body, { "idempotency-key": key });
    const file = { fileName: "档案.pdf", contentBase64: TINY_PDF.toString("base64") };

    // Every problem at once, each at the combined question or material it came from.
    const refused = await apply(
      {
        regionCode: DEMO_COUNTY,
        answers: { ...answers, retirementMonth: "2026-13", payeeAccount: "12" },
        materials: [],
      },
      "retire-bad",
    );
    expect(refused.statusCode, refused.body).toBe(400);
    const fields = refused.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "/answers/retirementMonth",
        "/answers/payeeAccount",
        "/materials/personnel_file",
      ]),
    );

    const made = await apply(
      { regionCode: DEMO_COUNTY, answers, materials: [{ key: "personnel_file", ...file }] },
      "retire-good",
    );
    expect(made.statusCode, made.body).toBe(201);
    const children = made.json().children.map((c: { itemCode: string }) => c.itemCode);
    expect(children).toEqual(["330000-RS-0006", "330000-GJJ-0004"]);
  });
});
