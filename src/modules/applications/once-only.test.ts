import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import {
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  SAMPLE_ANSWERS,
} from "../cases/testing.ts";
import { sampleContent } from "../catalog/testing.ts";
import { householdRegister, staffOfLine } from "../exchange/testing.ts";
import { issueLicence, revokeLicence } from "../licences/service.ts";
import type { Someone } from "../mandates/testing.ts";
import { someone } from "../mandates/testing.ts";

/**
 * Once-only (免提交): an item whose materials a registry field and an e-licence stand in for. The
 * applicant uploads only what the government does not hold; the case records where the others came
 * from, counts what was avoided, and the reads are on the applicant's "who used my data".
 */

let t: TestApp;
let w: CaseWorld;
let naturalResources: string;

const MATERIALS = [
  ...(sampleContent().materials ?? []),
  {
    key: "household",
    name: { zh: "户口簿", en: "Household register booklet" },
    form: "copy" as const,
    count: 1,
    required: true,
    satisfiedBy: { registry: "household_register", field: "householdAddress" },
  },
  {
    key: "property",
    name: { zh: "不动产权证书", en: "Real estate certificate" },
    form: "copy" as const,
    count: 1,
    required: true,
    satisfiedBy: { licenceType: "real_estate_certificate" },
  },
];

async function giveLicence(who: Someone, validUntil: Date | null = null): Promise<string> {
  const licence = await issueLicence(
    t.platform.database.db,
    {
      type: "real_estate_certificate",
      title: { zh: "不动产权证书", en: "Real estate certificate" },
      caseId: null,
      regionCode: "330523",
      departmentId: naturalResources,
      holder: { kind: "person", id: who.id, name: who.name, identifierMasked: null },
      fields: [{ label: { zh: "坐落", en: "Location" }, value: "递铺街道鲁家村 12 号" }],
      validFrom: new Date(Date.now() - 86_400_000 * 30),
      validUntil,
    },
    { personalDataKey: t.platform.config.personalDataKey },
  );
  return licence.id;
}

async function submitOnce(who: Someone, key: string) {
  return call(
    t,
    who,
    "POST",
    "/api/v1/submissions",
    {
      offering: w.offeringId,
      answers: SAMPLE_ANSWERS,
      materials: [
        {
          key: "application",
          fileName: "申请书.pdf",
          contentBase64: Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64"),
        },
      ],
    },
    { "idempotency-key": key },
  );
}

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t, { materials: MATERIALS });
  const db = t.platform.database.db;
  naturalResources = await department(db, "330523", "natural_resources");
  const publish = await householdRegister(t);
  await publish(w.applicant.idNumber, {
    name: w.applicant.name,
    householdAddress: "安吉县递铺街道鲁家村 12 号",
  });
  await giveLicence(w.applicant);
});

afterAll(() => t.close());

describe("once-only at submission", () => {
  it("shows the draft's materials as fetched, and asks only for the upload", async () => {
    const started = await call(t, w.applicant, "POST", "/api/v1/applications", { offering: w.offeringId });
    const view = (await call(t, w.applicant, "GET", `/api/v1/applications/${started.json().id}`)).json();
    const byKey = Object.fromEntries(view.materials.map((m: { key: string }) => [m.key, m]));
    expect(byKey.household.fetched).toEqual({
      kind: "registry",
      name: { zh: "户籍登记", en: "household register" },
    });
    expect(byKey.property.fetched).toMatchObject({ kind: "licence" });
    expect(view.problems.map((p: { field: string }) => p.field)).toContain("/materials/application");
    expect(view.problems.map((p: { field: string }) => p.field)).not.toContain("/materials/household");
  });

  it("attaches them to the case with their source, counts what was avoided, and logs the reads", async () => {
    const { caseId } = await applyOnline(w);
    const db = t.platform.database.db;
    const materials = await db
      .selectFrom("case_materials")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("material_key")
      .execute();
    const household = materials.find((m) => m.material_key === "household");
    expect(household).toMatchObject({ source: "registry", file_sha256: null });
    expect(household?.origin).toMatchObject({
      kind: "registry",
      registry: "household_register",
      fields: { householdAddress: "安吉县递铺街道鲁家村 12 号" },
    });
    expect(materials.find((m) => m.material_key === "property")).toMatchObject({ source: "licence" });
    const row = await db
      .selectFrom("cases")
      .select(["materials_avoided", "visits_avoided"])
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ materials_avoided: 2, visits_avoided: 2 });
    const view = (await call(t, w.clerk, "GET", `/api/v1/cases/${caseId}`)).json();
    const shown = Object.fromEntries(
      view.materials.map((m: { key: string; origin: unknown }) => [m.key, m.origin]),
    );
    expect(shown.household).toMatchObject({ kind: "registry", version: 1 });
    expect(shown.property).toMatchObject({ kind: "licence", licenceType: "real_estate_certificate" });
    const page = await call(t, w.clerk, "GET", `/work/cases/${caseId}`);
    expect(page.body).toContain("安吉县递铺街道鲁家村 12 号");
    const reads = (await call(t, w.applicant, "GET", "/api/v1/account/data-reads")).json().items;
    expect(reads.filter((r: { caseId: string }) => r.caseId === caseId)).toHaveLength(2);
    expect(reads[0].reader.kind).toBe("system");
  });

  it("never uses a revoked or expired licence, and says why an upload is needed", async () => {
    const other = await someone(t, { name: "赵敏", addressRegionCode: "330523001201" });
    await giveLicence(other, new Date(Date.now() - 86_400_000));
    const refused = await submitOnce(other, "once-only-expired-1");
    expect(refused.statusCode).toBe(400);
    const problems = refused.json().errors as { field: string; message: string }[];
    expect(problems.find((p) => p.field === "/materials/property")?.message).toMatch(/no valid e-licence/);
    expect(problems.find((p) => p.field === "/materials/household")?.message).toMatch(/no record/);
    const valid = await giveLicence(other);
    const approver = await staffOfLine(t, "approver", "natural_resources");
    await t.platform.database.db
      .transaction()
      .execute((tx) => revokeLicence(tx, approver, valid, "登记错误", {}));
    const again = await submitOnce(other, "once-only-expired-2");
    expect(again.statusCode).toBe(400);
    // Offered by hand, the revoked licence is refused with its reason, and so is someone else's.
    const mine = await giveLicence(w.applicant);
    const offered = await call(
      t,
      other,
      "POST",
      "/api/v1/submissions",
      {
        offering: w.offeringId,
        answers: SAMPLE_ANSWERS,
        materials: [],
        licences: [
          { key: "property", licenceId: valid },
          { key: "property", licenceId: mine },
        ],
      },
      { "idempotency-key": "once-only-offered-1" },
    );
    expect(offered.statusCode).toBe(400);
    const refusals = offered.json().errors as { field: string; message: string }[];
    expect(refusals.find((p) => p.field === "/licences/0/licenceId")?.message).toMatch(/revoked/);
    expect(refusals.find((p) => p.field === "/licences/1/licenceId")?.message).toMatch(/not the applicant's/);
    // Nothing was read for a refused submission: no entry names the person.
    const reads = (await call(t, other, "GET", "/api/v1/account/data-reads")).json().items;
    expect(reads).toEqual([]);
  });
});
