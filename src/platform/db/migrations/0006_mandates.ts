import { type Kysely, sql } from "kysely";

/** Mandates (帮办代办): a person authorizes an agent for services and a period; actions under them are kept. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("mandates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("principal_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("agent_id", "uuid", (c) => c.notNull().references("persons.id"))
    // Null: every service; otherwise only the listed service codes.
    .addColumn("services", sql`text[]`)
    .addColumn("valid_from", "timestamptz", (c) => c.notNull())
    .addColumn("valid_until", "timestamptz", (c) => c.notNull())
    .addColumn("consent_method", "text", (c) =>
      c.notNull().check(sql`consent_method in ('online', 'one_time_code')`),
    )
    .addColumn("requested_by", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("consented_at", "timestamptz")
    .addColumn("voided_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("persons.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("mandates_not_to_oneself", sql`principal_id <> agent_id`)
    .addCheckConstraint("mandates_period", sql`valid_until > valid_from`)
    .execute();
  await db.schema
    .createIndex("mandates_principal_idx")
    .on("mandates")
    .columns(["principal_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("mandates_agent_idx")
    .on("mandates")
    .columns(["agent_id", "principal_id"])
    .execute();

  await db.schema
    .createTable("mandate_consent_codes")
    .addColumn("mandate_id", "uuid", (c) => c.primaryKey().references("mandates.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("sent_to", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("mandate_actions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("mandate_id", "uuid", (c) => c.notNull().references("mandates.id"))
    .addColumn("agent_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("principal_id", "uuid", (c) => c.notNull().references("persons.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_kind", "text")
    .addColumn("subject_id", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("request_id", "text")
    .execute();
  await db.schema
    .createIndex("mandate_actions_mandate_idx")
    .on("mandate_actions")
    .columns(["mandate_id", "at"])
    .execute();
  await db.schema
    .createIndex("mandate_actions_principal_idx")
    .on("mandate_actions")
    .columns(["principal_id", "at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["mandate_actions", "mandate_consent_codes", "mandates"]) {
    await db.schema.dropTable(table).execute();
  }
}
