import { type Kysely, sql } from "kysely";

/**
 * Insight slices (issue 9): the monthly sums once per dimension — the whole, and by channel, where the
 * applicant lives, department and item — beside the rows by all of them at once. A dashboard without a
 * filter reads a region's slices, whose number grows with its departments, items and channels added,
 * not multiplied; the cross-product rows stay for the filtered ones. Filled here from the monthly rows,
 * of which they are exact sums; kept from then on with them (rollup-store.ts).
 */

const SUMS: [string, "integer" | "bigint"][] = [
  ["received", "integer"],
  ["accepted", "integer"],
  ["received_online", "integer"],
  ["closed", "integer"],
  ["granted", "integer"],
  ["denied", "integer"],
  ["rejected", "integer"],
  ["withdrawn", "integer"],
  ["timed", "integer"],
  ["on_time", "integer"],
  ["measured", "integer"],
  ["days_sum", "bigint"],
  ["promised_sum", "bigint"],
  ["statutory_sum", "bigint"],
  ["supplemented", "integer"],
  ["supplement_rounds", "integer"],
  ["instant", "integer"],
  ["materials_avoided", "bigint"],
  ["visits", "bigint"],
  ["zero_visit", "integer"],
  ["fully_online", "integer"],
  ["rated", "integer"],
  ["rating_1", "integer"],
  ["rating_2", "integer"],
  ["rating_3", "integer"],
  ["rating_4", "integer"],
  ["rating_5", "integer"],
];

/** One row of the monthly tables becomes one row per dimension. */
const SLICED = sql.raw(`cross join lateral (values ('total', ''), ('channel', m.channel), ('area', m.area),
  ('department', m.department_id::text), ('item', m.item_id::text)) d (dimension, key)`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table insight_slices (
      region_code text not null,
      dimension text not null check (dimension in ('total', 'channel', 'area', 'department', 'item')),
      key text not null,
      month date not null,
      ${sql.raw(SUMS.map(([name, type]) => `${name} ${type} not null default 0`).join(",\n      "))},
      primary key (region_code, dimension, key, month)
    )`.execute(db);
  await sql`
    create table insight_slice_days (
      region_code text not null,
      dimension text not null,
      key text not null,
      month date not null,
      days integer not null,
      cases integer not null,
      primary key (region_code, dimension, key, month, days)
    )`.execute(db);
  const names = sql.raw(SUMS.map(([name]) => name).join(", "));
  await sql`
    insert into insight_slices (region_code, dimension, key, month, ${names})
    select m.region_code, d.dimension, d.key, m.month, ${sql.raw(SUMS.map(([name]) => `sum(m.${name})`).join(", "))}
    from insight_monthly m ${SLICED}
    group by m.region_code, d.dimension, d.key, m.month`.execute(db);
  await sql`
    insert into insight_slice_days (region_code, dimension, key, month, days, cases)
    select m.region_code, d.dimension, d.key, m.month, m.days, sum(m.cases)
    from insight_monthly_days m ${SLICED}
    group by m.region_code, d.dimension, d.key, m.month, m.days`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table insight_slice_days`.execute(db);
  await sql`drop table insight_slices`.execute(db);
}
