import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("regions")
    .addColumn("code", "text", (c) =>
      c.primaryKey().check(sql`code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'`),
    )
    .addColumn("parent_code", "text", (c) => c.references("regions.code"))
    .addColumn("level", "smallint", (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("urban_rural", "text", (c) => c.check(sql`urban_rural in ('urban', 'rural')`))
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("regions_parent_idx").on("regions").columns(["parent_code", "code"]).execute();
  // Region codes are hierarchical: a jurisdiction is every code that starts with its own.
  await sql`create index regions_code_prefix_idx on regions (code text_pattern_ops)`.execute(db);
  await sql`create index regions_name_prefix_idx on regions (name text_pattern_ops)`.execute(db);

  await db.schema
    .createTable("region_checks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("ran_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("regions_checked", "integer", (c) => c.notNull())
    .addColumn("problems", "integer", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("departments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("region_code", "text", (c) => c.notNull().references("regions.code"))
    .addColumn("line", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("departments_region_name_key", ["region_code", "name"])
    .execute();
  await db.schema
    .createIndex("departments_line_idx")
    .on("departments")
    .columns(["line", "region_code"])
    .execute();

  await db.schema
    .createTable("staff")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("failed_signins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "timestamptz")
    .addColumn("disabled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index staff_username_key on staff (lower(username))`.execute(db);

  await db.schema
    .createTable("staff_roles")
    .addColumn("staff_id", "uuid", (c) => c.notNull().references("staff.id").onDelete("cascade"))
    .addColumn("department_id", "uuid", (c) => c.notNull().references("departments.id"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('window_clerk', 'reviewer', 'approver', 'supervisor', 'administrator')`),
    )
    .addColumn("jurisdiction_code", "text", (c) => c.notNull().references("regions.code"))
    .addPrimaryKeyConstraint("staff_roles_pkey", ["staff_id", "department_id", "role"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("staff_id", "uuid", (c) => c.notNull().references("staff.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_staff_idx").on("sessions").column("staff_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["sessions", "staff_roles", "staff", "departments", "region_checks", "regions"]) {
    await db.schema.dropTable(table).execute();
  }
}
