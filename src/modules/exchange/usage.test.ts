import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import {
  creditCode,
  idNumber,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { staffActor } from "../identity/service.ts";
import { decideAgreement, defineRegistry, publishRecord, readRecord, requestAgreement } from "./service.ts";
import { staffOfLine } from "./testing.ts";

/** Who read a record, for its steward: answered from the audit trail, the asking itself on it. */

let t: TestApp;
let stewardCookie: string;
const person = idNumber("330523", "19750505");
const company = creditCode();
const unread = idNumber("330523", "19850505");

async function signIn(username: string): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password: TEST_PASSWORD },
  });
  return `tb_session=${cookiesOf(response).tb_session}`;
}

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false" } });
  const db = t.platform.database.db;
  const deps = { config: t.platform.config, jobs: t.platform.jobs };
  await seedRegionSlice(db);
  const approver = await staffMember(db, "approver", "330523", { line: "public_security" });
  const steward = (await staffActor(db, approver.username)) as Actor;
  const departmentId = (steward as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;
  const admin = await staffOfLine(t, "administrator", "public_security");
  const reader = await staffOfLine(t, "administrator", "civil_affairs");
  const readerDepartment = (reader as { grants: { departmentId: string }[] }).grants[0]
    ?.departmentId as string;
  for (const [code, subjectKind, keyKind] of [
    ["resident_register", "person", "id_number"],
    ["company_register", "organisation", "credit_code"],
  ] as const) {
    await defineRegistry(db, admin, {
      code,
      name: { zh: "登记", en: "Register" },
      departmentId,
      subjectKind,
      keyKind,
      fields: [{ name: "name", type: "string", label: { zh: "名称", en: "Name" } }],
    });
    const asked = await requestAgreement(db, reader, {
      registry: code,
      consumerDepartmentId: readerDepartment,
      fields: ["name"],
      purpose: "核对申请人信息",
      legalBasis: "《政务数据共享办法》",
    });
    const agreement = await decideAgreement(db, admin, asked.id, "approve", undefined);
    const key = code === "resident_register" ? person : company;
    await publishRecord(db, deps, admin, code, { key, data: { name: "王芳" } });
    await readRecord(db, deps, reader, code, { key }, { agreementId: agreement.id, reason: "核对" });
  }
  await publishRecord(db, deps, admin, "resident_register", { key: unread, data: { name: "李强" } });
  stewardCookie = await signIn(approver.username);
});
afterAll(() => t.close());

const usage = (code: string, key: string, cookie = stewardCookie) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/registries/${code}/usage`,
    headers: { cookie },
    payload: { key },
  });

describe("who read a record", () => {
  it("lists a person's record's reads for the steward's approver, and records the asking", async () => {
    const response = await usage("resident_register", person);
    expect(response.statusCode, response.body).toBe(200);
    const [read] = response.json().items;
    expect(response.json().items).toHaveLength(1);
    expect(read.reader.kind).toBe("staff");
    expect(read.reader.departments[0].id).toEqual(expect.any(String));
    expect(read.agreementId).toEqual(expect.any(String));
    const asked = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["details"])
      .where("action", "=", "registry.usage_read")
      .execute();
    expect(asked).toHaveLength(1);
  });

  it("lists an organisation's record's reads, filed under the organisation", async () => {
    const response = await usage("company_register", company);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toHaveLength(1);
  });

  it("answers [] for an unread record and for a key without one", async () => {
    expect((await usage("resident_register", unread)).json()).toEqual({ items: [] });
    expect((await usage("resident_register", idNumber())).json()).toEqual({ items: [] });
  });

  it("refuses a key that is not one (400) and staff of another department (404)", async () => {
    expect((await usage("resident_register", "123")).statusCode).toBe(400);
    const other = await staffMember(t.platform.database.db, "approver", "330523", { line: "civil_affairs" });
    expect((await usage("resident_register", person, await signIn(other.username))).statusCode).toBe(404);
  });
});
