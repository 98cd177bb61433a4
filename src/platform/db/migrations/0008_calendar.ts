import { type Kysely, sql } from "kysely";

/**
 * The working-day calendar: the State Council's statutory holidays and make-up working days (调休) per
 * year, which years have data, and regional overrides (a local holiday, a closed hall).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("calendar_years")
    .addColumn("year", "integer", (c) => c.primaryKey().check(sql`year between 2000 and 2100`))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('package', 'admin')`))
    .addColumn("entered_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("entered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("calendar_days")
    .addColumn("day", "date", (c) => c.primaryKey())
    .addColumn("year", "integer", (c) => c.notNull().references("calendar_years.year").onDelete("cascade"))
    // A holiday is a day off (weekends of a holiday span included); a workday is a make-up working day.
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('package', 'admin')`))
    .addCheckConstraint("calendar_days_in_year", sql`extract(year from day) = year`)
    .execute();
  await db.schema.createIndex("calendar_days_year_idx").on("calendar_days").column("year").execute();

  await db.schema
    .createTable("calendar_overrides")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("region_code", "text", (c) => c.notNull().references("regions.code"))
    .addColumn("day", "date", (c) => c.notNull())
    // closed: no working day there (a local holiday, a closed hall); open: a working day there.
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('closed', 'open')`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("calendar_overrides_region_day", ["region_code", "day"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["calendar_overrides", "calendar_days", "calendar_years"]) {
    await db.schema.dropTable(table).execute();
  }
}
