import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, seedRegionSlice } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import {
  currentAgreement,
  decideAgreement,
  defineRegistry,
  publishRecord,
  requestAgreement,
} from "./service.ts";
import { staffOfLine } from "./testing.ts";

/**
 * Native searches with text, order, offset and a total (what the GovStack list is built on): a parcel
 * register may be paged through, a person register only searched, and every field named must be the
 * agreement's.
 */

let t: TestApp;
let consumer: TestClient;
let agreementOf: Record<string, string>;
const person = idNumber("330523", "19800101");

const departmentOf = (actor: Actor) =>
  (actor as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  const deps = { config: t.platform.config, jobs: t.platform.jobs };
  await seedRegionSlice(db);
  const steward = await staffOfLine(t, "administrator", "natural_resources");
  const reader = await staffOfLine(t, "administrator", "civil_affairs");
  await defineRegistry(db, steward, {
    code: "parcel_register",
    name: { zh: "宗地登记", en: "Parcel register" },
    departmentId: departmentOf(steward),
    subjectKind: "property",
    keyKind: "number",
    fields: [
      { name: "owner", type: "string", label: { zh: "权利人", en: "Owner" } },
      { name: "location", type: "string", label: { zh: "坐落", en: "Location" } },
      { name: "area", type: "number", label: { zh: "面积", en: "Area" } },
      { name: "use", type: "string", label: { zh: "用途", en: "Use" } },
    ],
  });
  await defineRegistry(db, steward, {
    code: "resident_register",
    name: { zh: "居民登记", en: "Resident register" },
    departmentId: departmentOf(steward),
    subjectKind: "person",
    keyKind: "id_number",
    fields: [{ name: "name", type: "string", label: { zh: "姓名", en: "Name" } }],
  });
  agreementOf = {};
  for (const [registry, fields] of [
    ["parcel_register", ["owner", "location", "area"]],
    ["resident_register", ["name"]],
  ] as const) {
    const asked = await requestAgreement(db, reader, {
      registry,
      consumerDepartmentId: departmentOf(reader),
      fields: [...fields],
      purpose: "核对低保对象的房产",
      legalBasis: "《社会救助暂行办法》",
    });
    agreementOf[registry] = (await decideAgreement(db, steward, asked.id, "approve", undefined)).id;
  }
  const parcels = [
    ["P-001", "张三", "递铺街道 1 号", 120.5],
    ["P-002", "李四", "递铺街道 2 号", 80],
    ["P-003", "王五", "孝丰镇 3 号", 200],
    ["P-004", "张三丰", "孝丰镇 4 号", 95],
  ] as const;
  for (const [key, owner, location, area] of parcels) {
    await publishRecord(db, deps, steward, "parcel_register", {
      key,
      data: { owner, location, area, use: "住宅" },
    });
  }
  await publishRecord(db, deps, steward, "resident_register", { key: person, data: { name: "王芳" } });
  consumer = await apiClient(db, departmentOf(reader), ["registry.read"]);
});
afterAll(() => t.close());

const search = (code: string, body: object) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/registries/${code}/searches`,
    headers: consumer.headers,
    payload: { agreementId: agreementOf[code], reason: "核对", ...body },
  });

const refusals = async () =>
  (
    await t.platform.database.db
      .selectFrom("audit_log")
      .select("seq")
      .where("action", "=", "data_exchange.refused")
      .execute()
  ).length;

describe("searching a registry", () => {
  it("pages through a property registry in key order, with the total", async () => {
    const first = await search("parcel_register", { limit: 3 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().total).toBe(4);
    expect(first.json().items.map((r: { keyMasked: string }) => r.keyMasked)).toEqual([
      "P-001",
      "P-002",
      "P-003",
    ]);
    const second = await search("parcel_register", { limit: 3, offset: 3 });
    expect(second.json().items.map((r: { keyMasked: string }) => r.keyMasked)).toEqual(["P-004"]);
    expect(second.json().items[0].fields).toEqual({ owner: "张三丰", location: "孝丰镇 4 号", area: 95 });
  });

  it("finds text in any case in the fields named, as text, not as a pattern", async () => {
    const found = await search("parcel_register", { contains: { text: "张三", fields: ["owner"] } });
    expect(found.json().items.map((r: { keyMasked: string }) => r.keyMasked)).toEqual(["P-001", "P-004"]);
    const everywhere = await search("parcel_register", { contains: { text: "孝丰" } });
    expect(everywhere.json().total).toBe(2);
    const pattern = await search("parcel_register", { contains: { text: "%" } });
    expect(pattern.json()).toEqual({ items: [], total: 0 });
  });

  it("orders by a field, descending", async () => {
    const ordered = await search("parcel_register", { order: { field: "area", direction: "desc" } });
    expect(ordered.json().items.map((r: { keyMasked: string }) => r.keyMasked)).toEqual([
      "P-003",
      "P-001",
      "P-004",
      "P-002",
    ]);
    const byKey = await search("parcel_register", { order: { direction: "desc" }, limit: 1 });
    expect(byKey.json().items[0].keyMasked).toBe("P-004");
  });

  it("finds a person by key, and logs the read for them", async () => {
    const found = await search("resident_register", { key: person });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0].fields).toEqual({ name: "王芳" });
  });

  it("never lists a person register whole (400)", async () => {
    const response = await search("resident_register", {});
    expect(response.statusCode).toBe(400);
  });

  it("refuses, and logs, text searched or an order by a field outside the agreement (403)", async () => {
    const before = await refusals();
    const contains = await search("parcel_register", { contains: { text: "住宅", fields: ["use"] } });
    expect(contains.statusCode).toBe(403);
    const order = await search("parcel_register", { order: { field: "use", direction: "asc" } });
    expect(order.statusCode).toBe(403);
    expect(await refusals()).toBe(before + 2);
  });

  it("refuses an offset past 10,000, an empty text and text in a number field (400)", async () => {
    expect((await search("parcel_register", { offset: 10_001 })).statusCode).toBe(400);
    expect((await search("parcel_register", { contains: { text: " " } })).statusCode).toBe(400);
    expect((await search("parcel_register", { contains: { text: "1", fields: ["area"] } })).statusCode).toBe(
      400,
    );
  });

  it("reads only the fields asked for, logged so, and refuses one outside the agreement", async () => {
    const read = await t.app.inject({
      method: "POST",
      url: "/api/v1/registries/parcel_register/reads",
      headers: consumer.headers,
      payload: { key: "P-002", agreementId: agreementOf.parcel_register, reason: "核对", fields: ["area"] },
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().fields).toEqual({ area: 80 });
    const logged = await t.platform.database.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "data_exchange.fetch")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect((logged.details as { fields: string[] }).fields).toEqual(["area"]);
    const outside = await t.app.inject({
      method: "POST",
      url: "/api/v1/registries/parcel_register/reads",
      headers: consumer.headers,
      payload: { key: "P-002", agreementId: agreementOf.parcel_register, reason: "核对", fields: ["use"] },
    });
    expect(outside.statusCode).toBe(403);
  });
});

describe("the agreement a department reads under now", () => {
  it("is an approved one, preferring one that names every field needed, then the newest decided", async () => {
    const db = t.platform.database.db;
    const steward = await staffOfLine(t, "administrator", "natural_resources");
    const market = await staffOfLine(t, "administrator", "market_regulation");
    const ask = async (fields: string[]) =>
      (
        await requestAgreement(db, market, {
          registry: "parcel_register",
          consumerDepartmentId: departmentOf(market),
          fields,
          purpose: "核对经营场所的权属",
          legalBasis: "《市场主体登记管理条例》",
        })
      ).id;
    expect(await currentAgreement(db, market, "parcel_register")).toBeUndefined();
    await ask(["owner", "location", "area"]);
    expect(await currentAgreement(db, market, "parcel_register")).toBeUndefined();
    const wide = await ask(["owner", "area"]);
    await decideAgreement(db, steward, wide, "approve", undefined);
    const narrow = await ask(["owner"]);
    await decideAgreement(db, steward, narrow, "approve", undefined);
    expect((await currentAgreement(db, market, "parcel_register"))?.id).toBe(narrow);
    expect((await currentAgreement(db, market, "parcel_register", ["owner"]))?.id).toBe(narrow);
    expect((await currentAgreement(db, market, "parcel_register", ["area"]))?.id).toBe(wide);
    await decideAgreement(db, steward, wide, "revoke", "不再需要面积");
    expect((await currentAgreement(db, market, "parcel_register", ["area"]))?.id).toBe(narrow);
  });
});
