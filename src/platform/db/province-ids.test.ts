import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { unpinned } from "../../../test/distribution-check.ts";
import { inProvince, provinceId, provinceOfId } from "./distribution.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("ids that name their province", () => {
  it("are UUIDs of version 8 whose first two digits are the province", () => {
    const id = provinceId("33");
    expect(id).toMatch(/^33[0-9a-f]{6}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(provinceOfId(id)).toBe("33");
    expect(provinceOfId(provinceId("00"))).toBe("00");
    expect(new Set(Array.from({ length: 1000 }, () => provinceId("11"))).size).toBe(1000);
  });

  it("refuses a province that is not two digits", () => {
    for (const bad of ["", "3", "330", "ab", "3a"]) expect(() => provinceId(bad)).toThrow(/province/);
  });

  it("say nothing for ids made before, or for what is not an id", () => {
    expect(provinceOfId(randomUUID())).toBeUndefined();
    expect(provinceOfId("33")).toBeUndefined();
    expect(provinceOfId("not-an-id")).toBeUndefined();
    // Version 8 in shape but not starting with two digits: not ours.
    expect(provinceOfId("ab123456-1234-8123-8123-123456789012")).toBeUndefined();
  });

  it("are made the same way in SQL, and PostgreSQL reads them as UUIDs", async () => {
    const { rows } = await sql<{ id: string }>`select province_uuid('44')::text as id`.execute(
      database.handle.db,
    );
    expect(provinceOfId(rows[0]?.id ?? "")).toBe("44");
    const back = await sql<{ id: string }>`select ${provinceId("51")}::uuid::text as id`.execute(
      database.handle.db,
    );
    expect(provinceOfId(back.rows[0]?.id ?? "")).toBe("51");
  });

  it("keep a look-up on the id's province, or declare it for every province when the id names none", () => {
    const db = database.handle.db;
    const lookUp = (id: string) =>
      db
        .selectFrom("cases")
        .select("number")
        .where("id", "=", id)
        .$call(inProvince(provinceOfId(id)))
        .compile();
    const pinned = lookUp(provinceId("33"));
    expect(pinned.parameters).toContain("33");
    expect(unpinned(pinned.sql)).toEqual([]);
    const declared = lookUp(randomUUID());
    expect(declared.sql).toMatch(/^select \/\* all provinces: /);
    expect(unpinned(declared.sql)).toEqual([]);
    const bare = db.selectFrom("cases").select("number").where("id", "=", randomUUID()).compile();
    expect(unpinned(bare.sql)).toEqual([{ table: "cases", why: "no province" }]);
  });
});
