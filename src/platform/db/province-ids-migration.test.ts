import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { migrateTo, migrateToLatest } from "./migrate.ts";

let database: TestDatabase;
const person = randomUUID();
const staff = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  const db = database.handle.db;
  await migrateTo(db, "0042_province_code");
  // Messages made before the upgrade: a person's in two provinces (twice in one), a clerk's.
  for (const [kind, id, region] of [
    ["person", person, "330523"],
    ["person", person, "330522"],
    ["person", person, "110101"],
    ["staff", staff, "440103"],
  ])
    await sql`insert into inbox_messages (province_code, region_code, recipient_kind, recipient_id, template, content)
      values (left(${region}, 2), ${region}, ${kind}, ${id}, 'case_accepted', '{}')`.execute(db);
  await migrateToLatest(db);
});
afterAll(() => database.close());

describe("migration 0043, ids that name their province", () => {
  it("keeps the ids rows had, and tells in which provinces each party has rows", async () => {
    const db = database.handle.db;
    const ids = await sql<{ id: string }>`select id::text from inbox_messages`.execute(db);
    expect(ids.rows.every((r) => r.id[14] === "4")).toBe(true);
    const parties = await sql<{ party_kind: string; party_id: string; province_code: string }>`
      select party_kind, party_id, province_code from party_provinces order by province_code`.execute(db);
    expect(parties.rows).toEqual([
      { party_kind: "person", party_id: person, province_code: "11" },
      { party_kind: "person", party_id: person, province_code: "33" },
    ]);
  });

  it("refuses a row of a province table inserted without an id, rather than make one naming no province", async () => {
    const insert =
      sql`insert into inbox_messages (province_code, recipient_kind, recipient_id, template, content)
      values ('33', 'person', ${person}, 'case_accepted', '{}')`.execute(database.handle.db);
    await expect(insert).rejects.toThrow(/null value in column "id"/);
  });
});
