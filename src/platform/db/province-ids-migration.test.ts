import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { migrateTo, migrateToLatest } from "./migrate.ts";

let database: TestDatabase;
const person = randomUUID();
const staff = randomUUID();
// The parties of the cases, applications, appointments, requests and licences of `rowsOfParties`.
const firm = randomUUID();
const wang = randomUUID();
const li = randomUUID();
const zhang = randomUUID();
const clerk = randomUUID();

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
  await rowsOfParties(db);
  await migrateToLatest(db);
});
afterAll(() => database.close());

/**
 * 王 submits a case in 安吉县 (33) for his firm, and drafts one of its applications in 荔湾区 (44), where a
 * clerk starts one at the window for 李; 李 books an appointment at a hall in 安吉县; 张 files a request in
 * 荔湾区, beside an anonymous one; the firm holds a licence of 东城区 (11) migrated without a case.
 */
// biome-ignore lint/suspicious/noExplicitAny: rows as the schema stood at 0042.
async function rowsOfParties(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("regions")
    .values([
      { code: "33", parent_code: null, level: 1, name: "浙江省" },
      { code: "3305", parent_code: "33", level: 2, name: "湖州市" },
      { code: "330523", parent_code: "3305", level: 3, name: "安吉县" },
      { code: "44", parent_code: null, level: 1, name: "广东省" },
      { code: "4401", parent_code: "44", level: 2, name: "广州市" },
      { code: "440103", parent_code: "4401", level: 3, name: "荔湾区" },
    ])
    .execute();
  const insert = async (table: string, row: Record<string, unknown>): Promise<string> =>
    (await db.insertInto(table).values(row).returning("id").executeTakeFirstOrThrow()).id;
  const centre = (region: string) =>
    insert("departments", {
      region_code: region,
      line: "government_service",
      name: "政务服务中心",
      name_en: "",
    });
  const anji = await centre("330523");
  const liwan = await centre("440103");
  const item = await insert("catalog_items", { code: "0043-ITEM" });
  const offering = (region: string, department: string) =>
    insert("catalog_offerings", { item_id: item, region_code: region, department_id: department });
  const liwanOffering = await offering("440103", liwan);

  await insert("cases", {
    province_code: "33",
    number: "33052320260101000001",
    region_code: "330523",
    item_id: item,
    item_version: 1,
    item_code: "0043-ITEM",
    item_name: JSON.stringify({ zh: "食品经营许可", en: "" }),
    item_type: "licensing",
    offering_id: await offering("330523", anji),
    plan: "{}",
    applicant_kind: "organisation",
    applicant_id: firm,
    applicant_name: "小明面馆",
    submitter_kind: "person",
    submitter_id: wang,
    channel: "online",
    state: "intake",
    delivery: "{}",
    promised_days: 5,
    statutory_days: 20,
  });
  for (const [owner, applicant] of [
    [
      { owner_kind: "person", owner_id: wang },
      { applicant_kind: "organisation", applicant_id: firm },
    ],
    [
      { owner_kind: "staff", owner_id: clerk },
      { applicant_kind: "person", applicant_id: li },
    ],
  ])
    await insert("applications", {
      province_code: "44",
      region_code: "440103",
      item_id: item,
      item_version: 1,
      offering_id: liwanOffering,
      channel: "online",
      ...owner,
      ...applicant,
    });

  const site = await insert("service_sites", {
    code: "anji-hall",
    kind: "hall",
    region_code: "330523",
    department_id: anji,
    name: "安吉县政务服务中心",
    hours: "{}",
  });
  const slot = await insert("appointment_slots", {
    province_code: "33",
    site_id: site,
    category_id: await insert("queue_categories", { site_id: site, prefix: "A", name: "综合业务" }),
    starts_at: new Date("2026-01-05T09:00:00+08:00"),
    ends_at: new Date("2026-01-05T09:30:00+08:00"),
    capacity: 2,
  });
  await insert("appointments", {
    province_code: "33",
    slot_id: slot,
    site_id: site,
    region_code: "330523",
    person_id: li,
    code: "AB12CD34",
    status: "booked",
  });

  await db
    .insertInto("request_categories")
    .values({ code: "noise", kind: "complaint", name: "噪音扰民", name_en: "Noise", due_working_days: 5 })
    .execute();
  for (const [region, requester] of [
    ["440103", { requester_kind: "person", person_id: zhang }],
    ["330523", { requester_kind: "anonymous", person_id: null }],
  ] as const)
    await insert("public_requests", {
      province_code: region.slice(0, 2),
      number: `${region}-0043`,
      token_hash: randomUUID(),
      category_code: "noise",
      kind: "complaint",
      text: "楼下饭店每晚十一点后仍有很大噪音。",
      region_code: region,
      contact_preference: "none",
      channel: "web",
      state: "received",
      dispatcher_id: region === "440103" ? liwan : anji,
      due_at: new Date("2026-01-12T18:00:00+08:00"),
      ...requester,
    });

  const key = await insert("department_signing_keys", {
    department_id: anji,
    public_key: "public",
    private_key_enc: "private",
  });
  await insert("licences", {
    province_code: "11",
    id: "L0000000000000000000A",
    type: "food_business",
    title: JSON.stringify({ zh: "食品经营许可证", en: "" }),
    region_code: "110101",
    department_id: anji,
    holder_kind: "organisation",
    holder_id: firm,
    holder_name: "小明面馆",
    data: "{}",
    issued_at: new Date("2025-06-01T00:00:00Z"),
    valid_from: new Date("2025-06-01T00:00:00Z"),
    key_id: key,
    signature: "signature",
  });
}

/** The provinces party_provinces holds for a party, in order. */
async function provincesOf(kind: "person" | "organisation", id: string): Promise<string[]> {
  const { rows } = await sql<{ province_code: string }>`
    select province_code from party_provinces where party_kind = ${kind} and party_id = ${id}
    order by province_code`.execute(database.handle.db);
  return rows.map((r) => r.province_code);
}

describe("migration 0043, ids that name their province", () => {
  it("keeps the ids rows had, and tells in which provinces each party has rows", async () => {
    const db = database.handle.db;
    const ids = await sql<{ id: string }>`select id::text from inbox_messages`.execute(db);
    expect(ids.rows.every((r) => r.id[14] === "4")).toBe(true);
    expect(await provincesOf("person", person)).toEqual(["11", "33"]);
    expect(await provincesOf("person", staff)).toEqual([]);
  });

  it("notes applicants, submitters, owners, visitors, requesters and holders, people and organisations alike", async () => {
    expect(await provincesOf("organisation", firm)).toEqual(["11", "33", "44"]);
    expect(await provincesOf("person", wang)).toEqual(["33", "44"]);
    expect(await provincesOf("person", li)).toEqual(["33", "44"]);
    expect(await provincesOf("person", zhang)).toEqual(["44"]);
    // A clerk who starts an application is no party to it: staff find their work by jurisdiction.
    expect(await provincesOf("person", clerk)).toEqual([]);
  });

  it("refuses a row of a province table inserted without an id, rather than make one naming no province", async () => {
    const insert =
      sql`insert into inbox_messages (province_code, recipient_kind, recipient_id, template, content)
      values ('33', 'person', ${person}, 'case_accepted', '{}')`.execute(database.handle.db);
    await expect(insert).rejects.toThrow(/null value in column "id"/);
  });
});
