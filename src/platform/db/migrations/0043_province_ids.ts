import { type Kysely, sql } from "kysely";

/**
 * Ids that carry their province (docs/scale-out.md, section 5, item 4). The province tables with a UUID
 * id lose its `gen_random_uuid()` default: the application makes each id with `provinceId`, so that the
 * id alone routes a look-up, and an insert that forgets to is refused rather than given an id that names
 * no province. Rows made before keep their ids; their look-ups are declared to go to every province.
 *
 * `province_uuid(province)` makes the same ids in SQL, for statements that insert many rows at once.
 *
 * `party_provinces` tells in which provinces a person or an organisation has cases, appointments,
 * requests or messages, so that "my cases" asks those provinces and no other. It lives on the
 * coordinator; rows are added with the first row of a party in a province and never removed. It is filled
 * here from the rows already made.
 */

/** The province tables whose id was a random UUID by default. */
export const TABLES_WITH_IDS = [
  "applications",
  "appointment_slots",
  "appointments",
  "bundle_applications",
  "case_pauses",
  "case_tasks",
  "cases",
  "hall_devices",
  "inbox_messages",
  "licence_share_opens",
  "licence_shares",
  "notifications",
  "public_requests",
  "queue_tickets",
  "rating_additions",
  "ratings",
  "rectifications",
  "webhook_deliveries",
];

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their time.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES_WITH_IDS)
    await sql`alter table ${sql.table(table)} alter column id drop default`.execute(db);
  await sql`
    create function province_uuid(province text) returns uuid language sql volatile as $$
      select (province || substr(u, 3, 12) || '8' || substr(u, 16))::uuid
      from (select gen_random_uuid()::text as u) as random
    $$`.execute(db);

  await db.schema
    .createTable("party_provinces")
    .addColumn("party_kind", "text", (c) => c.notNull().check(sql`party_kind in ('person', 'organisation')`))
    .addColumn("party_id", "uuid", (c) => c.notNull())
    .addColumn("province_code", "text", (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addPrimaryKeyConstraint("party_provinces_pkey", ["party_kind", "party_id", "province_code"])
    .execute();
  await sql`
    insert into party_provinces (party_kind, party_id, province_code)
    select applicant_kind, applicant_id, province_code from cases
    union select 'person', submitter_id, province_code from cases where submitter_kind = 'person'
    union select applicant_kind, applicant_id, province_code from applications
    union select 'person', owner_id, province_code from applications where owner_kind = 'person'
    union select 'person', person_id, province_code from appointments where person_id is not null
    union select 'person', person_id, province_code from public_requests where person_id is not null
    union select 'person', recipient_id, province_code from inbox_messages where recipient_kind = 'person'
    on conflict do nothing`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0043_province_ids cannot be undone: restore the backup taken before upgrading");
}
