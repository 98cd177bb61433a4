import { type Kysely, sql } from "kysely";

/**
 * The file store's index: one row per stored content, named by its SHA-256. The bytes live on disk
 * (platform/files/store.ts); this row says what they are, so a download never has to guess the type
 * again and a PDF with active content keeps its flag. Content is shared by every row that names it
 * (materials, certificates), and those rows carry the hash with a check of their own, not a foreign key:
 * their tables came first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("files")
    .addColumn("sha256", "text", (c) => c.primaryKey().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn("size", "bigint", (c) => c.notNull().check(sql`size > 0`))
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`),
    )
    // Script, launch actions, embedded files, rich media or XFA forms found in a PDF: served only as an
    // attachment, and flagged to whoever opens it. Images are re-written without metadata and never carry it.
    .addColumn("active_content", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("files_active_only_pdf", sql`not active_content or media_type = 'application/pdf'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("files").execute();
}
