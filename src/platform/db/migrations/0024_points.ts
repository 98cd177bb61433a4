import { type Kysely, sql } from "kysely";

/**
 * Village and community service points (便民服务站, issue 7): the agents (代办员) who serve at each —
 * people with accounts of their own, named by the township's administrators — and where a case was
 * received in person (a hall or a point), which counts the agents' work and tells cross-region cases
 * their receiving office. A mandate's consent may now be a signature captured on the agent's tablet,
 * kept as a file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table site_agents (
      site_id uuid not null references service_sites (id),
      person_id uuid not null references persons (id),
      added_by uuid not null references staff (id),
      added_at timestamptz not null default now(),
      removed_at timestamptz,
      removed_by uuid references staff (id),
      primary key (site_id, person_id)
    )`.execute(db);
  await sql`create index site_agents_person_idx on site_agents (person_id) where removed_at is null`.execute(
    db,
  );

  await sql`alter table cases add column site_id uuid references service_sites (id)`.execute(db);
  await sql`
    create index cases_site_idx on cases (site_id, submitter_id, submitted_at desc)
      where site_id is not null`.execute(db);

  await sql`alter table mandates drop constraint mandates_consent_method_check`.execute(db);
  await sql`
    alter table mandates add constraint mandates_consent_method_check
      check (consent_method in ('online', 'one_time_code', 'signature'))`.execute(db);
  await sql`alter table mandates add column consent_signature text`.execute(db);
  await sql`
    alter table mandates add constraint mandates_signature_kept
      check ((consent_method = 'signature') = (consent_signature is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table mandates drop constraint mandates_signature_kept`.execute(db);
  await sql`alter table mandates drop column consent_signature`.execute(db);
  await sql`alter table mandates drop constraint mandates_consent_method_check`.execute(db);
  await sql`
    alter table mandates add constraint mandates_consent_method_check
      check (consent_method in ('online', 'one_time_code'))`.execute(db);
  await sql`drop index cases_site_idx`.execute(db);
  await sql`alter table cases drop column site_id`.execute(db);
  await db.schema.dropTable("site_agents").execute();
}
