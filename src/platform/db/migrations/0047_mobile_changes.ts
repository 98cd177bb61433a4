import { type Kysely, sql } from "kysely";

/**
 * A person's new mobile number waits here until they enter the code sent to it (docs/security.md, G9):
 * the number is where mandate consent codes and locker pick-up codes go, so it changes only once the
 * person has given their password again and shown that the new number is theirs. Rows are kept as a
 * record of the codes sent, which caps how many go out in an hour.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("person_mobile_changes")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("person_id", "uuid", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    // Encrypted: a number nobody has proved yet is nobody's contact detail to show.
    .addColumn("mobile_enc", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("person_mobile_changes_person_idx")
    .on("person_mobile_changes")
    .columns(["person_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("person_mobile_changes").execute();
}
