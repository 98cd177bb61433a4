import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import { defineRegistry, publishRecords } from "./service.ts";
import { staffOfLine } from "./testing.ts";

/**
 * Writes beyond a whole version: only-new records, several at once, some fields of one record or of every
 * match, retraction by record id — each change numbered in the feed as a publish is.
 */

let t: TestApp;
let publisher: TestClient;
let steward: Actor;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  steward = await staffOfLine(t, "administrator", "natural_resources");
  const departmentId = (steward as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;
  await defineRegistry(db, steward, {
    code: "parcel_register",
    name: { zh: "宗地登记", en: "Parcel register" },
    departmentId,
    subjectKind: "property",
    keyKind: "number",
    fields: [
      { name: "owner", type: "string", label: { zh: "权利人", en: "Owner" } },
      { name: "area", type: "number", label: { zh: "面积", en: "Area" } },
      { name: "use", type: "string", label: { zh: "用途", en: "Use" } },
    ],
  });
  publisher = await apiClient(db, departmentId, ["registry.publish"]);
});
afterAll(() => t.close());

const post = (path: string, payload: object) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/registries/parcel_register/${path}`,
    headers: publisher.headers,
    payload,
  });

const stored = (key: string) =>
  t.platform.database.db
    .selectFrom("registry_records")
    .select(["id", "data", "version", "retracted_at"])
    .where("record_key", "=", key)
    .executeTakeFirst();

const feed = (recordId: string) =>
  t.platform.database.db
    .selectFrom("registry_changes")
    .select(["change", "version"])
    .where("record_id", "=", recordId)
    .orderBy("seq")
    .execute();

describe("publishing only new records", () => {
  it("writes a new key, refuses a live one (409), and writes a retracted one anew", async () => {
    expect((await post("records", { key: "N-1", data: { owner: "张三" }, onlyNew: true })).statusCode).toBe(
      200,
    );
    const again = await post("records", { key: "N-1", data: { owner: "李四" }, onlyNew: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("exchange_record_exists");
    expect((await stored("N-1"))?.data).toEqual({ owner: "张三" });
    expect((await post("retractions", { key: "N-1" })).statusCode).toBe(200);
    const anew = await post("records", { key: "N-1", data: { owner: "李四" }, onlyNew: true });
    expect(anew.statusCode, anew.body).toBe(200);
    expect(anew.json().version).toBe(3);
  });

  it("writes a batch all or none", async () => {
    const db = t.platform.database.db;
    const deps = { config: t.platform.config, jobs: t.platform.jobs };
    const publishNew = (records: { key: string; data: Record<string, unknown> }[]) =>
      publishRecords(db, deps, steward, "parcel_register", records, { onlyNew: true });
    const written = await publishNew([
      { key: "B-1", data: { owner: "甲" } },
      { key: "B-2", data: { owner: "乙" } },
    ]);
    expect(written.map((w) => w.version)).toEqual([1, 1]);
    await expect(
      publishNew([
        { key: "B-3", data: { owner: "丙" } },
        { key: "B-1", data: { owner: "丁" } },
      ]),
    ).rejects.toMatchObject({ code: "exchange_record_exists" });
    expect(await stored("B-3")).toBeUndefined();
    await expect(
      publishNew([
        { key: "B-4", data: { owner: "戊" } },
        { key: "B-4", data: { area: "big" } },
      ]),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await stored("B-4")).toBeUndefined();
  });
});

describe("changing some fields", () => {
  it("merges into one record by key or by id, its next version in the feed", async () => {
    await post("records", { key: "U-1", data: { owner: "张三", area: 100 } });
    const byKey = await post("record-updates", { key: "U-1", data: { area: 110 } });
    expect(byKey.statusCode, byKey.body).toBe(200);
    expect(byKey.json()).toMatchObject({ count: 1, items: [{ version: 2 }] });
    const record = await stored("U-1");
    expect(record?.data).toEqual({ owner: "张三", area: 110 });
    const byId = await post("record-updates", { recordId: record?.id, data: { use: "住宅" } });
    expect(byId.statusCode, byId.body).toBe(200);
    expect((await stored("U-1"))?.data).toEqual({ owner: "张三", area: 110, use: "住宅" });
    expect((await feed(record?.id as string)).map((c) => c.version)).toEqual([1, 2, 3]);
  });

  it("patches every record with the values given, and counts none as 0", async () => {
    await post("records", { key: "M-1", data: { owner: "集体", use: "耕地" } });
    await post("records", { key: "M-2", data: { owner: "集体", use: "耕地" } });
    const all = await post("record-updates", { equals: { owner: "集体" }, data: { use: "林地" } });
    expect(all.json()).toEqual({ count: 2, items: [] });
    expect((await stored("M-2"))?.data).toEqual({ owner: "集体", use: "林地" });
    const none = await post("record-updates", { equals: { owner: "无人" }, data: { use: "林地" } });
    expect(none.json().count).toBe(0);
  });

  it("refuses two targets, none, an unknown field, a wrong type, and answers 404 for no record", async () => {
    expect(
      (await post("record-updates", { key: "U-1", equals: { owner: "x" }, data: { area: 1 } })).statusCode,
    ).toBe(400);
    expect((await post("record-updates", { data: { area: 1 } })).statusCode).toBe(400);
    expect((await post("record-updates", { key: "U-1", data: { colour: "red" } })).statusCode).toBe(400);
    expect((await post("record-updates", { key: "U-1", data: { area: "big" } })).statusCode).toBe(400);
    expect((await post("record-updates", { key: "U-1", data: {} })).statusCode).toBe(400);
    expect((await post("record-updates", { key: "NONE", data: { area: 1 } })).statusCode).toBe(404);
  });
});

describe("retracting", () => {
  it("retracts by the record id the change feed names, once", async () => {
    await post("records", { key: "R-1", data: { owner: "张三" } });
    const record = await stored("R-1");
    const retracted = await post("retractions", { recordId: record?.id });
    expect(retracted.statusCode, retracted.body).toBe(200);
    expect((await feed(record?.id as string)).map((c) => c.change)).toEqual(["published", "retracted"]);
    expect((await post("retractions", { recordId: record?.id })).statusCode).toBe(404);
  });

  it("refuses neither or both of key and recordId, and a record id that is not one (400)", async () => {
    expect((await post("retractions", {})).statusCode).toBe(400);
    expect((await post("retractions", { key: "R-1", recordId: "x" })).statusCode).toBe(400);
    expect((await post("retractions", { recordId: "not-a-uuid" })).statusCode).toBe(400);
  });
});
