import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";

export interface AttachmentRecord {
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}

export async function attachmentsOf(db: Executor, consultationId: string): Promise<AttachmentRecord[]> {
  const rows = await db
    .selectFrom("consultation_attachments as a")
    .innerJoin("files as f", "f.sha256", "a.sha256")
    .select(["a.sha256", "a.name", "f.size", "f.media_type as mediaType"])
    .where("a.consultation_id", "=", consultationId)
    .orderBy("a.added_at")
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function insertAttachment(
  db: Executor,
  values: { consultationId: string; sha256: string; name: string; addedBy: string },
): Promise<void> {
  await db
    .insertInto("consultation_attachments")
    .values({
      consultation_id: values.consultationId,
      sha256: values.sha256,
      name: values.name,
      added_by: values.addedBy,
    })
    .onConflict((oc) => oc.columns(["consultation_id", "sha256"]).doUpdateSet({ name: values.name }))
    .execute();
}

/** The setting of the region or its nearest ancestor that has one (codes nest by prefix). */
export async function minimumDaysFor(db: Executor, regionCode: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("consultation_settings")
    .select("minimum_open_days")
    .where(sql<boolean>`${regionCode} like region_code || '%'`)
    .orderBy(sql`length(region_code)`, "desc")
    .executeTakeFirst();
  return row?.minimum_open_days;
}

export async function saveMinimumDays(
  db: Executor,
  regionCode: string,
  days: number,
  by: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto("consultation_settings")
    .values({ region_code: regionCode, minimum_open_days: days, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column("region_code").doUpdateSet({ minimum_open_days: days, updated_by: by, updated_at: at }),
    )
    .execute();
}
