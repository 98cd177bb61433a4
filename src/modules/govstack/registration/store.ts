import type { Selectable } from "kysely";
import type { Executor } from "../../../platform/db/database.ts";
import { inProvince } from "../../../platform/db/distribution.ts";
import type { GovstackDocumentTable, GovstackFileTable } from "../tables.ts";

/** All SQL of govstack_documents (uploads awaiting their application) and govstack_files. */

export type DocumentRow = Selectable<GovstackDocumentTable>;
export type FileRow = Selectable<GovstackFileTable>;

export async function insertDocument(
  db: Executor,
  document: Omit<DocumentRow, "id" | "uploaded_at" | "used_by_case">,
): Promise<DocumentRow> {
  return db.insertInto("govstack_documents").values(document).returningAll().executeTakeFirstOrThrow();
}

/** The client's documents of those ids, used or not. */
export async function documentsOf(
  db: Executor,
  clientId: string,
  ids: readonly string[],
): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("govstack_documents")
    .selectAll()
    .where("api_client_id", "=", clientId)
    .where("id", "in", [...ids])
    .execute();
}

/** Marks documents as taken by a case; only unused ones, so a document is never given twice. */
export async function markUsed(db: Executor, ids: readonly string[], caseId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("govstack_documents")
    .set({ used_by_case: caseId })
    .where("id", "in", [...ids])
    .where("used_by_case", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes the unused documents uploaded before `before`; their bytes, stored by content, stay. */
export async function deleteUnused(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom("govstack_documents")
    .where("used_by_case", "is", null)
    .where("uploaded_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertFile(db: Executor, file: Omit<FileRow, "submitted_at">): Promise<void> {
  await db.insertInto("govstack_files").values(file).execute();
}

export async function findFile(db: Executor, province: string, caseId: string): Promise<FileRow | undefined> {
  return db
    .selectFrom("govstack_files")
    .selectAll()
    .$call(inProvince(province))
    .where("case_id", "=", caseId)
    .executeTakeFirst();
}

/** What a correction changes of the file beside its case. */
export async function updateFile(
  db: Executor,
  province: string,
  caseId: string,
  change: { application_name?: string | null; document_refs?: string[] },
): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db
    .updateTable("govstack_files")
    .set(change)
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .execute();
}

/** A client's files in one province, newest first, optionally of one applicant reference. */
export async function filesOfClient(
  db: Executor,
  province: string,
  clientId: string,
  filter: { applicantRef?: string | undefined; limit: number },
): Promise<FileRow[]> {
  return db
    .selectFrom("govstack_files")
    .selectAll()
    .$call(inProvince(province))
    .where("api_client_id", "=", clientId)
    .$if(filter.applicantRef !== undefined, (q) =>
      q.where("applicant_ref", "=", filter.applicantRef as string),
    )
    .orderBy("submitted_at", "desc")
    .limit(filter.limit)
    .execute();
}

/** The documents a case took, oldest first. */
export async function documentsOfCase(db: Executor, caseId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom("govstack_documents")
    .selectAll()
    .where("used_by_case", "=", caseId)
    .orderBy("uploaded_at")
    .execute();
}
