import { type Kysely, sql } from "kysely";

/**
 * The case side gains its distribution column (docs/scale-out.md): `province_code`, the first two digits
 * of the row's region, on the 47 tables of the province group. A distributed or partitioned table's
 * primary key, unique indexes and foreign keys between its group must all include the column, so they
 * are rebuilt with it; the foreign keys a sharded cluster cannot keep — from a case-side table to
 * `persons` on the coordinator, from the coordinator to content-addressed `files` — are dropped, their
 * rows being written by code that has just read the row they name.
 *
 * The column is written by the application, not generated: a distributed table's column must be known
 * before the row reaches its shard. Where the row has a region a check holds the two together.
 *
 * The roll-up by where applicants live is kept in the province they live in, like every row with a
 * region; the roll-up by hall or service point, which has no region, in the counted case's province. Its
 * rows made before this migration take their site's province: the same but for a case handed in across a
 * province's border, which `tongban insights rebuild` puts right.
 */

/** Tables whose own `region_code` (never null) names the province. */
const BY_REGION = [
  "applications",
  "appointments",
  "bundle_applications",
  "bundle_cases",
  "case_events",
  "case_materials",
  "case_number_counters",
  "case_pauses",
  "case_tasks",
  "cases",
  "department_rankings",
  "disclosure_answers",
  "hall_devices",
  "insight_bundle_facts",
  "insight_bundle_monthly",
  "insight_case_facts",
  "insight_homes_monthly",
  "insight_monthly",
  "insight_monthly_days",
  "insight_slice_days",
  "insight_slices",
  "insight_voice_facts",
  "insight_voice_monthly",
  "licences",
  "locker_assignments",
  "public_requests",
  "queue_tickets",
  "ratings",
  "rectifications",
  "webhook_deliveries",
];

/** Rows with no region (account e-mails, staff sign-ins) belong to the national '00'. */
const BY_NULLABLE_REGION = ["audit_log", "audit_pending", "inbox_messages"];

/** Tables with no region of their own: the province comes from the row they belong to. */
const FROM_ELSEWHERE: Record<string, string> = {
  application_materials: `update application_materials t set province_code = left(a.region_code, 2)
    from applications a where a.id = t.application_id`,
  appointment_slots: `update appointment_slots t set province_code = left(s.region_code, 2)
    from service_sites s where s.id = t.site_id`,
  audit_head: `update audit_head set province_code = '00'`,
  insight_bundle_dirty: `update insight_bundle_dirty t set province_code = left(b.region_code, 2)
    from bundle_applications b where b.id = t.id`,
  insight_dirty: `update insight_dirty t set province_code = left(c.region_code, 2)
    from cases c where c.id = t.case_id`,
  insight_sites_monthly: `update insight_sites_monthly t set province_code = left(s.region_code, 2)
    from service_sites s where s.id = t.site_id`,
  insight_voice_dirty: `update insight_voice_dirty t set province_code = left(coalesce(r.region_code, x.region_code), 2)
    from insight_voice_dirty d left join public_requests r on d.kind = 'request' and r.id = d.id
      left join rectifications x on d.kind = 'rectification' and x.id = d.id
    where d.seq = t.seq`,
  licence_shares: `update licence_shares t set province_code = left(l.region_code, 2)
    from licences l where l.id = t.licence_id`,
  licence_share_opens: `update licence_share_opens t set province_code = s.province_code
    from licence_shares s where s.id = t.share_id`,
  request_events: `update request_events t set province_code = left(r.region_code, 2)
    from public_requests r where r.id = t.request_id`,
  notifications: `update notifications set province_code = '00'`,
  queue_counters: `update queue_counters t set province_code = left(s.region_code, 2)
    from queue_categories c join service_sites s on s.id = c.site_id where c.id = t.category_id`,
  rating_additions: `update rating_additions t set province_code = r.province_code
    from ratings r where r.id = t.rating_id`,
  rating_tokens: `update rating_tokens t set province_code = left(coalesce(c.region_code, v.region_code), 2)
    from rating_tokens d left join cases c on d.subject_kind = 'case' and c.id = d.subject_id
      left join queue_tickets v on d.subject_kind = 'visit' and v.id = d.subject_id
    where d.token_hash = t.token_hash`,
};

const PROVINCE_TABLES = [...BY_REGION, ...BY_NULLABLE_REGION, ...Object.keys(FROM_ELSEWHERE)];

interface Constraint {
  table: string;
  name: string;
  definition: string;
  target: string | null;
}

async function constraintsOf(db: Kysely<unknown>, kinds: string[]): Promise<Constraint[]> {
  const { rows } = await sql<Constraint>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition,
           nullif(c.confrelid, 0)::regclass::text as target
      from pg_constraint c
     where c.connamespace = 'public'::regnamespace and c.contype = any(${kinds})
     order by c.conrelid::regclass::text, c.conname`.execute(db);
  return rows;
}

/** An index's definition with the province after its columns (which may be expressions with parentheses). */
function withProvinceLast(definition: string): string {
  const open = definition.indexOf("(", definition.indexOf(" USING "));
  let depth = 0;
  for (let i = open; i < definition.length; i++) {
    if (definition[i] === "(") depth++;
    if (definition[i] === ")" && --depth === 0) {
      return `${definition.slice(0, i)}, province_code${definition.slice(i)}`;
    }
  }
  throw new Error(`0042_province_code: cannot read the index ${definition}`);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const province = new Set(PROVINCE_TABLES);
  const foreign = await constraintsOf(db, ["f"]);
  const dropped = foreign.filter(
    (key) =>
      (province.has(key.table) &&
        key.target !== null &&
        (province.has(key.target) || key.target === "persons")) ||
      key.target === "files",
  );
  for (const key of dropped) {
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.ref(key.name)}`.execute(db);
  }

  // Filling must not wake the append-only guards nor mark every case for the insight roll-ups again.
  for (const table of PROVINCE_TABLES) {
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
    await sql`alter table ${sql.table(table)} add column province_code text`.execute(db);
  }
  for (const table of BY_REGION) {
    await sql`update ${sql.table(table)} set province_code = left(region_code, 2)`.execute(db);
  }
  for (const table of BY_NULLABLE_REGION) {
    await sql`update ${sql.table(table)} set province_code = coalesce(left(region_code, 2), '00')`.execute(
      db,
    );
  }
  // In order: a share's opens after the shares, ratings' additions after the ratings (by region).
  for (const fill of Object.values(FROM_ELSEWHERE)) await sql.raw(fill).execute(db);
  for (const table of PROVINCE_TABLES) {
    // A mark or token whose case is gone names no province: the national one keeps it.
    await sql`update ${sql.table(table)} set province_code = '00' where province_code is null`.execute(db);
    await sql`alter table ${sql.table(table)} alter column province_code set not null`.execute(db);
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  }
  for (const table of BY_REGION) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_province_check`)}
      check (province_code = left(region_code, 2))`.execute(db);
  }
  for (const table of BY_NULLABLE_REGION) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_province_check`)}
      check (province_code = coalesce(left(region_code, 2), '00'))`.execute(db);
  }

  // Primary keys and unique constraints: the same columns, then the province. Last, so that a look-up by
  // the old key alone (every one until the queries name their province) still finds its index.
  for (const key of await constraintsOf(db, ["p", "u"])) {
    if (!province.has(key.table)) continue;
    const definition = key.definition.replace(/^(PRIMARY KEY|UNIQUE) \((.*)\)$/, "$1 ($2, province_code)");
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.ref(key.name)}`.execute(db);
    await sql`alter table ${sql.table(key.table)} add constraint ${sql.ref(key.name)} ${sql.raw(definition)}`.execute(
      db,
    );
  }
  // Unique indexes that are not constraints (partial or on expressions).
  const { rows: indexes } = await sql<{ name: string; table: string; definition: string }>`
    select i.relname as name, t.relname as table, pg_get_indexdef(x.indexrelid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
     where t.relnamespace = 'public'::regnamespace and x.indisunique
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`.execute(db);
  for (const index of indexes) {
    if (!province.has(index.table)) continue;
    await sql`drop index ${sql.ref(index.name)}`.execute(db);
    await sql.raw(withProvinceLast(index.definition)).execute(db);
  }

  // Foreign keys inside the group: the same, joined on the province too.
  for (const key of dropped) {
    if (!province.has(key.target ?? "")) continue;
    const definition = key.definition
      .replace(/^FOREIGN KEY \(/, "FOREIGN KEY (province_code, ")
      .replace(/ REFERENCES (\w+)\(/, " REFERENCES $1(province_code, ");
    await sql`alter table ${sql.table(key.table)} add constraint ${sql.ref(key.name)} ${sql.raw(definition)}`.execute(
      db,
    );
  }

  // The insight marks carry the province of what changed.
  await sql`
    create or replace function insight_mark_cases() returns trigger language plpgsql as $$
    begin
      insert into insight_dirty (province_code, case_id) select province_code, id from changed;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function insight_mark_ratings() returns trigger language plpgsql as $$
    begin
      insert into insight_dirty (province_code, case_id)
        select province_code, subject_id from inserted where subject_kind = 'case';
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function insight_mark_bundle_applications() returns trigger language plpgsql as $$
    begin
      insert into insight_bundle_dirty (province_code, id) select province_code, id from changed;
      return null;
    end $$`.execute(db);
  for (const [table, kind] of [
    ["public_requests", "request"],
    ["rectifications", "rectification"],
  ] as const) {
    await sql`
      create or replace function ${sql.raw(`insight_mark_${table}`)}() returns trigger language plpgsql as $$
      begin
        insert into insight_voice_dirty (province_code, kind, id) select province_code, ${sql.lit(kind)}, id from changed;
        return null;
      end $$`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("0042_province_code cannot be undone: restore the backup taken before upgrading");
}
