import { type Kysely, sql } from "kysely";

/**
 * The catalogue of service items (事项) and their offerings (实施清单). An item is defined once, at a
 * province or nationally, and changes by versions: one draft being written, one published, older ones
 * superseded; cases pin the version they started with. An offering is the item as one region's
 * department implements it, with only the local differences the item allows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Catalogue managers (事项管理员) keep items and offerings; they need no other role.
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check check (role in ('window_clerk', 'reviewer', 'approver', 'supervisor', 'administrator', 'catalog_manager'))`.execute(
    db,
  );

  await db.schema
    .createTable("catalog_items")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("code", "text", (c) => c.notNull().unique())
    // Where the item is defined: a province's code, or null for the national catalogue.
    .addColumn("owner_region_code", "text", (c) => c.references("regions.code"))
    .addColumn("created_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("catalog_item_versions")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("catalog_items.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version > 0`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('draft', 'published', 'superseded', 'retired')`),
    )
    .addColumn("content", "jsonb", (c) => c.notNull())
    // Copies of the content that lists and filters read; written from it, never on their own.
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("line", "text")
    .addColumn("type", "text")
    .addColumn("audience", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("events", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("levels", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("channels", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("visits", "integer")
    .addColumn("fully_online", "boolean")
    .addColumn("statutory_days", "integer")
    .addColumn("promised_days", "integer")
    .addColumn("created_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("published_at", "timestamptz")
    .addColumn("retired_at", "timestamptz")
    .addPrimaryKeyConstraint("catalog_item_versions_pkey", ["item_id", "version"])
    .addCheckConstraint(
      "catalog_item_versions_promise",
      sql`promised_days is null or statutory_days is null or promised_days <= statutory_days`,
    )
    .execute();
  // At most one draft and one published (or retired) version of an item at a time.
  await sql`create unique index catalog_item_versions_one_draft on catalog_item_versions (item_id) where status = 'draft'`.execute(
    db,
  );
  await sql`create unique index catalog_item_versions_one_current on catalog_item_versions (item_id) where status in ('published', 'retired')`.execute(
    db,
  );
  await sql`create index catalog_item_versions_line on catalog_item_versions (line) where status = 'published'`.execute(
    db,
  );

  await db.schema
    .createTable("catalog_offerings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("catalog_items.id"))
    .addColumn("region_code", "text", (c) => c.notNull().references("regions.code"))
    .addColumn("department_id", "uuid", (c) => c.notNull().references("departments.id"))
    // Null: as the item says.
    .addColumn("promised_days", "integer", (c) => c.check(sql`promised_days >= 0`))
    .addColumn("fee_fen", "integer", (c) => c.check(sql`fee_fen >= 0`))
    .addColumn("hall_name", "text")
    .addColumn("hall_address", "text")
    .addColumn("hours", "text")
    .addColumn("phone", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'withdrawn')`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("catalog_offerings_item_region_department", [
      "item_id",
      "region_code",
      "department_id",
    ])
    .execute();
  await db.schema
    .createIndex("catalog_offerings_region")
    .on("catalog_offerings")
    .column("region_code")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["catalog_offerings", "catalog_item_versions", "catalog_items"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check check (role in ('window_clerk', 'reviewer', 'approver', 'supervisor', 'administrator'))`.execute(
    db,
  );
}
