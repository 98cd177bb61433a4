import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import {
  creditCode,
  department,
  idNumber,
  personAccount,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "../../../test/factories.ts";
import { formPairs, openPage, post } from "../catalog/admin-testing.ts";

/**
 * Registries and data sharing through the API: a public security bureau publishes the household
 * register, civil affairs reads it under an approved agreement, and every read — and every refusal —
 * is in the audit trail, the reads on the person's "who used my data".
 */

let t: TestApp;
let publicSecurity: string;
let civilAffairs: string;
const cookie: Record<string, string> = {};
let personId: string;
let personCookie: string;
let personIdNumber: string;

async function signInStaff(role: Parameters<typeof staffMember>[1], line: string): Promise<string> {
  const member = await staffMember(t.platform.database.db, role, "330523", { line });
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(201);
  return `tb_session=${cookiesOf(response).tb_session}`;
}

const call = (who: string, method: "GET" | "POST", url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: cookie[who] ?? who },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const HOUSEHOLD = {
  code: "household_register",
  name: { zh: "户籍登记", en: "Household register" },
  subjectKind: "person",
  keyKind: "id_number",
  fields: [
    { name: "name", type: "string", label: { zh: "姓名", en: "Name" } },
    { name: "birthDate", type: "date", label: { zh: "出生日期", en: "Date of birth" } },
    { name: "householdAddress", type: "string", label: { zh: "户籍地址", en: "Registered address" } },
    { name: "householdHead", type: "boolean", label: { zh: "户主", en: "Head of household" } },
  ],
};

async function auditActions(action: string): Promise<
  {
    details: Record<string, unknown>;
    person_id: string | null;
    case_id: string | null;
    purpose: string | null;
  }[]
> {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["details", "person_id", "case_id", "purpose"])
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

let agreementId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false" } });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  publicSecurity = await department(db, "330523", "public_security");
  civilAffairs = await department(db, "330523", "civil_affairs");
  cookie.admin = await signInStaff("administrator", "government_service");
  cookie.steward = await signInStaff("approver", "public_security");
  cookie.consumer = await signInStaff("approver", "civil_affairs");
  cookie.consumerClerk = await signInStaff("reviewer", "civil_affairs");
  cookie.stranger = await signInStaff("reviewer", "taxation");
  const person = await personAccount(t.platform, { name: "李秀英" });
  personId = person.id;
  personIdNumber = person.idNumber;
  const signedIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/account-session",
    payload: { identifier: person.email, password: TEST_PASSWORD },
  });
  personCookie = `tb_session=${cookiesOf(signedIn).tb_session}`;
});

afterAll(() => t.close());

describe("registries", () => {
  it("refuses a badly defined registry, listing every problem", async () => {
    const response = await call("admin", "POST", "/registries", {
      ...HOUSEHOLD,
      code: "Household",
      departmentId: publicSecurity,
      keyKind: "credit_code",
      fields: [
        HOUSEHOLD.fields[0],
        HOUSEHOLD.fields[0],
        { name: "9bad", type: "string", label: { zh: "", en: "" } },
      ],
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(["/code", "/keyKind", "/fields/1/name", "/fields/2/name", "/fields/2/label/zh"]),
    );
  });

  it("lets an administrator define one, and no one else", async () => {
    const denied = await call("consumerClerk", "POST", "/registries", {
      ...HOUSEHOLD,
      departmentId: publicSecurity,
    });
    expect(denied.statusCode).toBe(404);
    const made = await call("admin", "POST", "/registries", { ...HOUSEHOLD, departmentId: publicSecurity });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ code: "household_register", departmentId: publicSecurity });
    const again = await call("admin", "POST", "/registries", { ...HOUSEHOLD, departmentId: publicSecurity });
    expect(again.statusCode).toBe(409);
    const list = await call("consumerClerk", "GET", "/registries");
    expect(list.json().items.map((r: { code: string }) => r.code)).toContain("household_register");
    expect((await t.app.inject({ method: "GET", url: "/api/v1/registries" })).statusCode).toBe(401);
  });

  it("takes records from the steward only, checking key and fields", async () => {
    const bad = await call("steward", "POST", "/registries/household_register/records", {
      key: "330523199001010000",
      data: { name: 7, shoeSize: 42, birthDate: "1990-13-45" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(["/key", "/data/name", "/data/shoeSize", "/data/birthDate"]),
    );
    const notSteward = await call("consumer", "POST", "/registries/household_register/records", {
      key: personIdNumber,
      data: { name: "李秀英" },
    });
    expect(notSteward.statusCode).toBe(404);
    const written = await call("steward", "POST", "/registries/household_register/records", {
      key: personIdNumber,
      data: {
        name: "李秀英",
        birthDate: "1944-03-02",
        householdAddress: "安吉县递铺街道鲁家村 12 号",
        householdHead: true,
      },
      regionCode: "330523001211",
    });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ version: 1, seq: 1 });
    const other = await call("steward", "POST", "/registries/household_register/records", {
      key: idNumber(),
      data: {
        name: "张伟",
        birthDate: "1980-01-01",
        householdAddress: "安吉县递铺街道",
        householdHead: false,
      },
      regionCode: "330523001",
    });
    expect(other.json()).toMatchObject({ version: 1, seq: 2 });
    // The key is kept only as a digest: the ID number is nowhere in the table.
    const rows = await t.platform.database.db.selectFrom("registry_records").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(personIdNumber);
  });
});

describe("agreements and reads", () => {
  it("refuses an agreement on fields the registry does not have", async () => {
    const response = await call("consumer", "POST", "/data-agreements", {
      registry: "household_register",
      consumerDepartmentId: civilAffairs,
      fields: ["name", "salary"],
      purpose: "",
      legalBasis: "《社会救助暂行办法》",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(["/fields", "/purpose"]);
  });

  it("reads nothing before the steward approves, and logs the refusal", async () => {
    const requested = await call("consumer", "POST", "/data-agreements", {
      registry: "household_register",
      consumerDepartmentId: civilAffairs,
      fields: ["name", "birthDate"],
      purpose: "核对高龄津贴申请人的年龄",
      legalBasis: "《浙江省老年人优待规定》",
    });
    expect(requested.statusCode).toBe(201);
    agreementId = requested.json().id;
    expect(requested.json().status).toBe("requested");
    const read = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
      reason: "高龄津贴初审",
    });
    expect(read.statusCode).toBe(403);
    expect(read.json().code).toBe("exchange_outside_agreement");
    expect((await auditActions("data_exchange.refused")).at(-1)?.details).toMatchObject({
      registry: "household_register",
      why: "agreement requested",
    });
  });

  it("lets only the steward decide, once", async () => {
    const byConsumer = await call("consumer", "POST", `/data-agreements/${agreementId}/decision`, {
      decision: "approve",
    });
    expect(byConsumer.statusCode).toBe(404);
    const approved = await call("steward", "POST", `/data-agreements/${agreementId}/decision`, {
      decision: "approve",
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe("approved");
    const twice = await call("steward", "POST", `/data-agreements/${agreementId}/decision`, {
      decision: "refuse",
      note: "too late",
    });
    expect(twice.statusCode).toBe(409);
  });

  it("returns only the agreement's fields and logs the read for the person", async () => {
    const read = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
      reason: "高龄津贴初审",
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().fields).toEqual({ name: "李秀英", birthDate: "1944-03-02" });
    expect(read.json().keyMasked).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    const logged = (await auditActions("data_exchange.fetch")).at(-1);
    expect(logged).toMatchObject({ person_id: personId, purpose: "核对高龄津贴申请人的年龄 — 高龄津贴初审" });
    expect(logged?.details).toMatchObject({
      registry: "household_register",
      fields: ["name", "birthDate"],
      agreementId,
    });
    const mine = await t.app.inject({
      method: "GET",
      url: "/api/v1/account/data-reads",
      headers: { cookie: personCookie },
    });
    expect(mine.json().items[0]).toMatchObject({ action: "data_exchange.fetch", reader: { kind: "staff" } });
  });

  it("refuses a read without a reason, or by another department, and logs both", async () => {
    const before = (await auditActions("data_exchange.refused")).length;
    const noReason = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
    });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().code).toBe("exchange_purpose_required");
    const stranger = await call("stranger", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
      reason: "想看看",
    });
    expect(stranger.statusCode).toBe(403);
    expect((await auditActions("data_exchange.refused")).length).toBe(before + 2);
  });

  it("searches only by the agreement's fields", async () => {
    const outside = await call("consumerClerk", "POST", "/registries/household_register/searches", {
      agreementId,
      reason: "核对户主",
      equals: { householdHead: true },
    });
    expect(outside.statusCode).toBe(403);
    const found = await call("consumerClerk", "POST", "/registries/household_register/searches", {
      agreementId,
      reason: "核对出生日期",
      equals: { birthDate: "1944-03-02" },
      regionCode: "330523",
    });
    expect(found.statusCode).toBe(200);
    expect(found.json().items).toHaveLength(1);
    expect(Object.keys(found.json().items[0].fields)).toEqual(["name", "birthDate"]);
  });

  it("feeds changes in order, without their data", async () => {
    const all = await call(
      "consumerClerk",
      "GET",
      `/registries/household_register/changes?agreementId=${agreementId}`,
    );
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((c: { seq: number }) => c.seq)).toEqual([1, 2]);
    expect(JSON.stringify(all.json())).not.toContain("李秀英");
    const after = await call(
      "consumerClerk",
      "GET",
      `/registries/household_register/changes?agreementId=${agreementId}&after=1`,
    );
    expect(after.json()).toMatchObject({ next: 2, items: [{ seq: 2 }] });
    const byRecord = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      recordId: all.json().items[0].recordId,
      agreementId,
      reason: "户籍变更后复核",
    });
    expect(byRecord.json().fields.name).toBe("李秀英");
  });

  it("stops reads when the agreement expires or is revoked, and when a record is retracted", async () => {
    const db = t.platform.database.db;
    await db
      .updateTable("data_agreements")
      .set({ valid_until: new Date(Date.now() - 1000) })
      .where("id", "=", agreementId)
      .execute();
    const expired = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
      reason: "复核",
    });
    expect(expired.statusCode).toBe(403);
    await db
      .updateTable("data_agreements")
      .set({ valid_until: null })
      .where("id", "=", agreementId)
      .execute();
    const retracted = await call("steward", "POST", "/registries/household_register/retractions", {
      key: personIdNumber,
    });
    expect(retracted.json()).toMatchObject({ version: 2, seq: 3 });
    const gone = await call("consumerClerk", "POST", "/registries/household_register/reads", {
      key: personIdNumber,
      agreementId,
      reason: "复核",
    });
    expect(gone.statusCode).toBe(404);
    const noNote = await call("steward", "POST", `/data-agreements/${agreementId}/decision`, {
      decision: "revoke",
    });
    expect(noNote.statusCode).toBe(400);
    const revoked = await call("steward", "POST", `/data-agreements/${agreementId}/decision`, {
      decision: "revoke",
      note: "用途已结束",
    });
    expect(revoked.json().status).toBe("revoked");
    const after = await call("consumerClerk", "POST", "/registries/household_register/searches", {
      agreementId,
      reason: "复核",
      equals: { name: "张伟" },
    });
    expect(after.statusCode).toBe(403);
  });

  it("shows an enterprise who used its records", async () => {
    const code = creditCode();
    const registered = await t.app.inject({
      method: "POST",
      url: "/api/v1/organisations",
      headers: { cookie: personCookie },
      payload: { kind: "enterprise", name: "安吉秀英茶叶有限公司", creditCode: code, regionCode: "330523" },
    });
    expect(registered.statusCode).toBe(201);
    const organisationId = registered.json().id as string;
    expect(
      (
        await call("admin", "POST", "/registries", {
          code: "enterprise_register",
          name: { zh: "企业登记", en: "Enterprise register" },
          departmentId: publicSecurity,
          subjectKind: "organisation",
          keyKind: "credit_code",
          fields: [{ name: "status", type: "string", label: { zh: "登记状态", en: "Status" } }],
        })
      ).statusCode,
    ).toBe(201);
    await call("steward", "POST", "/registries/enterprise_register/records", {
      key: code,
      data: { status: "存续" },
    });
    const requested = await call("consumer", "POST", "/data-agreements", {
      registry: "enterprise_register",
      consumerDepartmentId: civilAffairs,
      fields: ["status"],
      purpose: "核对慈善组织举办单位的登记状态",
      legalBasis: "《慈善组织认定办法》",
    });
    await call("steward", "POST", `/data-agreements/${requested.json().id}/decision`, {
      decision: "approve",
    });
    const read = await call("consumerClerk", "POST", "/registries/enterprise_register/reads", {
      key: code,
      agreementId: requested.json().id,
      reason: "举办单位核对",
    });
    expect(read.json().fields).toEqual({ status: "存续" });
    const ours = await t.app.inject({
      method: "GET",
      url: `/api/v1/organisations/${organisationId}/data-reads`,
      headers: { cookie: personCookie },
    });
    expect(ours.statusCode).toBe(200);
    expect(ours.json().items).toHaveLength(1);
    expect(ours.json().items[0]).toMatchObject({ action: "data_exchange.fetch", reader: { kind: "staff" } });
    const page = await t.app.inject({
      method: "GET",
      url: `/account/organisations/${organisationId}/data-reads`,
      headers: { cookie: personCookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("举办单位核对");
  });

  it("lets the steward decide on the staff page, and shows the consumer the outcome", async () => {
    const requested = await call("consumer", "POST", "/data-agreements", {
      registry: "household_register",
      consumerDepartmentId: civilAffairs,
      fields: ["householdAddress"],
      purpose: "核对临时救助申请人的户籍地址",
      legalBasis: "《社会救助暂行办法》",
    });
    const id = requested.json().id as string;
    const action = `action="/work/data-sharing/agreements/${id}/decision"`;
    const page = await openPage(t, "/work/data-sharing", cookie.steward as string);
    expect(page.html).toContain("核对临时救助申请人的户籍地址");
    const pairs = formPairs(page.html, action);
    const refused = await post(
      t,
      `/work/data-sharing/agreements/${id}/decision`,
      [...pairs, ["decision", "refuse"]],
      page.cookie,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("须写明理由");
    const again = await openPage(t, "/work/data-sharing", cookie.steward as string);
    const approved = await post(
      t,
      `/work/data-sharing/agreements/${id}/decision`,
      [...formPairs(again.html, action), ["decision", "approve"]],
      again.cookie,
    );
    expect(approved.statusCode).toBe(303);
    const seen = await openPage(t, "/work/data-sharing", cookie.consumer as string);
    expect(seen.html).not.toContain(action);
    expect((await call("consumer", "GET", `/data-agreements/${id}`)).json().status).toBe("approved");
    const anonymous = await t.app.inject({ url: "/work/data-sharing" });
    expect(anonymous.statusCode).toBe(303);
  });
});
