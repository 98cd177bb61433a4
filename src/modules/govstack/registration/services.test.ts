import { randomUUID } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestApp } from "../../../../test/app.ts";
import { department, staffMember } from "../../../../test/factories.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { Actor } from "../../../platform/policy.ts";
import { type CaseWorld, caseTestApp, caseWorld } from "../../cases/testing.ts";
import { formValidator, publishDraft, saveDraft } from "../../catalog/service.ts";
import { publishItems, sampleContent } from "../../catalog/testing.ts";
import { setAlias } from "../aliases.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { type GovstackTestClient, govstackClient } from "../testing.ts";

const BASE = "/govstack/registration";

let t: TestApp;
let w: CaseWorld;
let db: Db;
/** A client of 安吉县 (the sample item's county) and one of 长兴县 next door. */
let anji: GovstackTestClient;
let changxing: GovstackTestClient;
/** Offered in 长兴县 only. */
let fishingOffering: string;
let manager: Actor;

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "GET", url: `${BASE}${url}`, headers });

async function offeringOf(code: string): Promise<string> {
  const row = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A published item offered by 安吉县's market regulation bureau, for a test of its own. */
async function offeredItem(name: { zh: string; en: string }) {
  const departmentId = await department(db, "330523", "market_regulation");
  const [code] = (await publishItems(db, [
    { content: sampleContent({ name }), offerings: [{ regionCode: "330523", departmentId }] },
  ])) as [string];
  return { code, offeringId: await offeringOf(code) };
}

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  anji = await govstackClient(db, await department(db, "330523", "government_service"));
  changxing = await govstackClient(db, await department(db, "330522", "government_service"));
  const [fishing] = (await publishItems(db, [
    {
      content: sampleContent({ name: { zh: "水产养殖证核发", en: "Aquaculture certificate" } }),
      offerings: [
        { regionCode: "330522", departmentId: await department(db, "330522", "market_regulation") },
      ],
    },
  ])) as [string];
  fishingOffering = await offeringOf(fishing);
  const staff = await staffMember(db, "catalog_manager", "33", { departmentRegion: "330523" });
  manager = {
    kind: "staff",
    id: staff.id,
    username: staff.username,
    displayName: "Test catalog_manager",
    grants: [
      {
        role: "catalog_manager",
        departmentId: await department(db, "330523", "government_service"),
        jurisdictionCode: "33",
      },
    ],
  };
});
afterAll(() => t?.close());

type ServiceBody = { id: string; name: string; isExecutable: boolean; serviceBody: { code: string }[] };
const ids = (body: ServiceBody[]) => body.map((s) => s.id);

describeOperation("registration", "GET /services", () => {
  it("+ lists a county client the services of its county and above, not its neighbour's", async () => {
    const response = await get("/services", anji.headers);
    expectSpecResponse("registration", "GET /services", response);
    const body = response.json() as ServiceBody[];
    expect(ids(body)).toContain(w.offeringId);
    expect(ids(body)).not.toContain(fishingOffering);
    const service = body.find((s) => s.id === w.offeringId) as ServiceBody;
    expect(service).toMatchObject({ name: "食品经营许可", version: "1", type: "Public", isExecutable: true });
    expect(service.serviceBody).toContainEqual({ code: "itemCode", value: w.itemCode });
    const neighbour = (await get("/services", changxing.headers)).json() as ServiceBody[];
    expect(ids(neighbour)).toContain(fishingOffering);
    expect(ids(neighbour)).not.toContain(w.offeringId);
  });

  it("+ lists anonymous callers every active service", async () => {
    const response = await get("/services?maxResult=1000");
    expectSpecResponse("registration", "GET /services", response);
    expect(ids(response.json())).toEqual(expect.arrayContaining([w.offeringId, fishingOffering]));
  });

  it("+ finds by a part of the name, Chinese or English, in any case", async () => {
    const zh = await get(`/services?name=${encodeURIComponent("养殖")}`);
    expectSpecResponse("registration", "GET /services", zh);
    expect(ids(zh.json())).toEqual([fishingOffering]);
    const en = await get("/services?NAME=aquaCULTURE", { "accept-language": "en" });
    expect(en.json()).toMatchObject([{ id: fishingOffering, name: "Aquaculture certificate" }]);
  });

  it("+ takes a parameter given twice with one value", async () => {
    const response = await get(
      `/services?name=${encodeURIComponent("养殖")}&name=${encodeURIComponent("养殖")}`,
    );
    expectSpecResponse("registration", "GET /services", response);
    expect(ids(response.json())).toEqual([fishingOffering]);
  });

  it("− refuses a parameter given twice with two values (400)", async () => {
    const response = await get("/services?name=a&name=b");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "govstack_param_repeated" });
  });

  it("− answers a name matching nothing with []", async () => {
    const response = await get("/services?name=zzz-nothing-like-it");
    expectSpecResponse("registration", "GET /services", response);
    expect(response.json()).toEqual([]);
  });

  it("− refuses a malformed Information-Mediator-Client header (400)", async () => {
    const response = await get("/services", { "information-mediator-client": "invalid_header" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "govstack_header_malformed" });
  });

  it("− refuses a bad maxResult (400), never a 5xx", async () => {
    for (const bad of ["0", "abc", "1001", "-1", "9".repeat(40)]) {
      const response = await get(`/services?maxResult=${bad}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: "/query/maxResult" })]);
    }
  });
});

describeOperation("registration", "GET /services/{serviceId}", () => {
  it("+ gives a service by its id", async () => {
    const response = await get(`/services/${w.offeringId}`);
    expectSpecResponse("registration", "GET /services/{serviceId}", response);
    expect(response.json()).toMatchObject({ id: w.offeringId, name: "食品经营许可", isExecutable: true });
  });

  it("+ gives a service by its alias, and shows the alias", async () => {
    const { offeringId } = await offeredItem({ zh: "别名测试许可", en: "Alias test licence" });
    const alias = randomUUID();
    await setAlias(db, "service", alias, offeringId);
    const response = await get(`/services/${alias}`);
    expectSpecResponse("registration", "GET /services/{serviceId}", response);
    expect(response.json()).toMatchObject({ id: alias, name: "别名测试许可" });
  });

  it("+ gives a withdrawn offering as not executable", async () => {
    const { offeringId } = await offeredItem({ zh: "撤回测试许可", en: "Withdrawn test licence" });
    await db
      .updateTable("catalog_offerings")
      .set({ status: "withdrawn" })
      .where("id", "=", offeringId)
      .execute();
    const response = await get(`/services/${offeringId}`);
    expectSpecResponse("registration", "GET /services/{serviceId}", response);
    expect(response.json()).toMatchObject({ id: offeringId, isExecutable: false });
    expect(ids((await get("/services?maxResult=1000")).json())).not.toContain(offeringId);
  });

  it("− answers an unknown uuid with 404", async () => {
    const response = await get(`/services/${randomUUID()}`);
    expectSpecResponse("registration", "GET /services/{serviceId}", response);
    expect(response.statusCode).toBe(404);
  });

  it("− answers garbage with 404", async () => {
    for (const garbage of ["n0t-ex1st1ng", "%27%20or%201%3D1", "x".repeat(90)]) {
      const response = await get(`/services/${garbage}`);
      expect(response.statusCode, garbage).toBe(404);
      expect(response.json()).toMatchObject({ code: "not_found" });
    }
  });
});

describeOperation("registration", "GET /services/{serviceId}/eForms", () => {
  it("+ lists the current form as the latest", async () => {
    const response = await get(`/services/${w.offeringId}/eForms`);
    expectSpecResponse("registration", "GET /services/{serviceId}/eForms", response);
    expect(response.json()).toEqual([
      {
        eFormId: `${w.itemCode}.v1`,
        name: "食品经营许可",
        description: expect.any(String),
        version: "1",
        latest: true,
      },
    ]);
  });

  it("+ lists two forms after a new version, the old one no longer latest", async () => {
    const { code, offeringId } = await offeredItem({ zh: "版本测试许可", en: "Version test licence" });
    await saveDraft(
      db,
      manager,
      code,
      sampleContent({ name: { zh: "版本测试许可（二）", en: "Version 2" } }),
    );
    await publishDraft(db, manager, code);
    const response = await get(`/services/${offeringId}/eForms`);
    expectSpecResponse("registration", "GET /services/{serviceId}/eForms", response);
    expect(response.json()).toMatchObject([
      { eFormId: `${code}.v2`, version: "2", latest: true, name: "版本测试许可（二）" },
      { eFormId: `${code}.v1`, version: "1", latest: false, name: "版本测试许可" },
    ]);
  });

  it("− never lists a draft", async () => {
    const { code, offeringId } = await offeredItem({ zh: "草稿测试许可", en: "Draft test licence" });
    await saveDraft(db, manager, code, sampleContent({ name: { zh: "草稿", en: "Draft" } }));
    const response = await get(`/services/${offeringId}/eForms`);
    expectSpecResponse("registration", "GET /services/{serviceId}/eForms", response);
    expect(response.json().map((f: { version: string }) => f.version)).toEqual(["1"]);
  });

  it("− answers an unknown service with 404", async () => {
    const response = await get(`/services/${randomUUID()}/eForms`);
    expect(response.statusCode).toBe(404);
    expectSpecResponse("registration", "GET /services/{serviceId}/eForms", response);
  });
});

describeOperation("registration", "GET /eForms/{eFormId}", () => {
  it("+ gives a schema that Ajv 2020 compiles and that decides answers as the native form does", async () => {
    const response = await get(`/eForms/${w.itemCode}.v1`);
    expectSpecResponse("registration", "GET /eForms/{eFormId}", response);
    const eForm = response.json();
    expect(eForm).toMatchObject({ eFormId: `${w.itemCode}.v1`, version: "1", latest: true });
    expect(eForm.schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      required: ["shopName", "area"],
      "x-tongban-pages": [{ title: "店铺", fields: ["shopName", "area"] }, expect.any(Object)],
      "x-tongban-documents": [
        { key: "application", name: "食品经营许可申请书", required: true, fromGovernment: false },
        expect.objectContaining({ key: "layout", required: false, condition: "从事餐饮服务的" }),
      ],
    });
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const fromEForm = ajv.compile(eForm.schema);
    const native = formValidator(sampleContent().form.schema);
    const answers = [
      { shopName: "小明面馆", area: 45, kinds: ["热食类食品制售"] },
      { shopName: "小明面馆", area: 45 },
      { shopName: "小明面馆" },
      { shopName: "小明面馆", area: 0 },
      { shopName: "x".repeat(61), area: 45 },
      { shopName: "小明面馆", area: 45, kinds: ["不是选项"] },
      { shopName: 7, area: "45" },
    ];
    for (const answer of answers) expect(fromEForm(answer), JSON.stringify(answer)).toBe(native(answer));
    // What the native check refuses as an unknown field, the schema refuses too.
    expect(fromEForm({ shopName: "小明面馆", area: 45, extra: 1 })).toBe(false);
  });

  it("+ labels follow Accept-Language", async () => {
    const response = await get(`/eForms/${w.itemCode}.v1`, { "accept-language": "en" });
    expectSpecResponse("registration", "GET /eForms/{eFormId}", response);
    expect(response.json()).toMatchObject({
      name: "Food business licence",
      schema: {
        title: "Food business licence",
        "x-tongban-pages": [{ title: "The shop" }, { title: "What you sell" }],
        "x-tongban-documents": [{ name: "Application form" }, { name: "Floor plan of the premises" }],
      },
    });
  });

  it("+ answers to its alias", async () => {
    const { code } = await offeredItem({ zh: "表单别名许可", en: "eForm alias licence" });
    const alias = `P${randomUUID().replaceAll("-", "")}`;
    await setAlias(db, "eform", alias, `${code}.v1`);
    const response = await get(`/eForms/${alias}`);
    expectSpecResponse("registration", "GET /eForms/{eFormId}", response);
    expect(response.json()).toMatchObject({ eFormId: alias, name: "表单别名许可" });
    expect(response.json().schema.$id).toMatch(new RegExp(`/govstack/registration/eForms/${alias}$`));
  });

  it("− answers unknown and malformed ids with 404", async () => {
    for (const id of [`${w.itemCode}.v9`, "NOPE-000.v1", "not-an-eform", `${w.itemCode}.v`]) {
      const response = await get(`/eForms/${id}`);
      expect(response.statusCode, id).toBe(404);
      expectSpecResponse("registration", "GET /eForms/{eFormId}", response);
    }
  });

  it("− answers a draft with 404, not 401", async () => {
    const { code } = await offeredItem({ zh: "草稿表单许可", en: "Draft eForm licence" });
    await saveDraft(db, manager, code, sampleContent());
    const response = await get(`/eForms/${code}.v2`);
    expect(response.statusCode).toBe(404);
  });
});
