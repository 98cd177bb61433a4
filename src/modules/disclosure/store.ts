import type { Updateable } from "kysely";
import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { Category, PublicationRow, PublicationTable, Validity } from "./tables.ts";
import type { IndexWords } from "./text.ts";

/** All SQL of publications: rows, revisions, attachments, index counters, search and feeds. */

const vector = (words: string, weight: "A" | "B" | "C") =>
  sql<string>`setweight(to_tsvector('simple', ${words}::text), ${sql.lit(weight)})`;

const documentOf = (w: IndexWords) =>
  sql<string>`${vector(w.title, "A")} || ${vector(w.numbers, "B")} || ${vector(w.body, "C")}`;

/** Publication columns without the search vector (never read back). */
const COLUMNS = [
  "p.id",
  "p.department_id",
  "p.region_code",
  "p.category",
  "p.index_number",
  "p.document_number",
  "p.title",
  "p.body",
  "p.written_on",
  "p.published_at",
  "p.effective_from",
  "p.expires_on",
  "p.validity",
  "p.amended_by",
  "p.repealed_by",
  "p.interprets_id",
  "p.revision",
  "p.withdrawn_at",
  "p.withdrawn_by",
  "p.withdrawn_reason",
  "p.created_by",
  "p.updated_at",
] as const;

export type Publication = Omit<PublicationRow, "document">;

/** The next sequence of a department's year: the counter only grows, so none is given twice. */
export async function nextSequence(db: Executor, departmentId: string, year: number): Promise<number> {
  const row = await db
    .insertInto("disclosure_index_counters")
    .values({ department_id: departmentId, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(["department_id", "year"]).doUpdateSet({ last: sql`disclosure_index_counters.last + 1` }),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function documentNumberTaken(
  db: Executor,
  departmentId: string,
  documentNumber: string,
  except?: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("disclosure_publications")
    .select("id")
    .where("department_id", "=", departmentId)
    .where("document_number", "=", documentNumber)
    .$if(except !== undefined, (q) => q.where("id", "<>", except as string))
    .executeTakeFirst();
  return row !== undefined;
}

type NewPublication = Omit<PublicationTable, "id" | "document">;

export async function insertPublication(db: Executor, p: NewPublication, words: IndexWords): Promise<string> {
  const row = await db
    .insertInto("disclosure_publications")
    .values({ ...p, document: documentOf(words) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePublication(
  db: Executor,
  id: string,
  set: Omit<Updateable<PublicationTable>, "id" | "document">,
  words?: IndexWords,
): Promise<void> {
  await db
    .updateTable("disclosure_publications")
    .set({ ...set, ...(words ? { document: documentOf(words) } : {}) })
    .where("id", "=", id)
    .execute();
}

export async function insertRevision(
  db: Executor,
  r: {
    publication_id: string;
    revision: number;
    title: string;
    body: string;
    document_number: string | null;
    reason: string | null;
    revised_by: string;
    revised_at: Date;
  },
): Promise<void> {
  await db.insertInto("disclosure_revisions").values(r).execute();
}

export async function revisionsOf(db: Executor, publicationId: string) {
  return db
    .selectFrom("disclosure_revisions")
    .selectAll()
    .where("publication_id", "=", publicationId)
    .orderBy("revision")
    .execute();
}

export async function findPublication(
  db: Executor,
  id: string,
  lock = false,
): Promise<Publication | undefined> {
  return db
    .selectFrom("disclosure_publications as p")
    .select(COLUMNS)
    .where("p.id", "=", id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function titlesOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("disclosure_publications")
    .select(["id", "title", "index_number", "category"])
    .where("id", "in", ids)
    .execute();
}

/** Publications that link to this one: interpretations of it, and those that amend or repeal it. */
export async function interpretationsOf(db: Executor, id: string) {
  return db
    .selectFrom("disclosure_publications")
    .select(["id", "title", "index_number"])
    .where("interprets_id", "=", id)
    .where("withdrawn_at", "is", null)
    .orderBy("published_at")
    .execute();
}

export async function addAttachment(
  db: Executor,
  a: {
    publication_id: string;
    file_sha256: string;
    name: string;
    media_type: string;
    size: number;
    added_by: string;
  },
): Promise<string> {
  const row = await db
    .insertInto("disclosure_attachments")
    .values(a)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function attachmentsOf(db: Executor, publicationId: string) {
  const rows = await db
    .selectFrom("disclosure_attachments")
    .select(["id", "name", "media_type", "size", "file_sha256", "added_at"])
    .where("publication_id", "=", publicationId)
    .orderBy("added_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function findAttachment(db: Executor, publicationId: string, id: string) {
  const row = await db
    .selectFrom("disclosure_attachments")
    .select(["id", "name", "media_type", "size", "file_sha256"])
    .where("publication_id", "=", publicationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && { ...row, size: Number(row.size) };
}

export interface ListFilters {
  departmentId?: string | undefined;
  category?: Category | undefined;
  year?: number | undefined;
  validity?: Validity | undefined;
  /** Withdrawn publications keep their page; lists and feeds leave them out. */
  includeWithdrawn?: boolean;
  /** Today in China (YYYY-MM-DD), against which expiry dates are read. */
  today?: string;
}

export interface TextMatch {
  tsquery: string;
  compact: string;
}

function filtered(db: Executor, f: ListFilters, match?: TextMatch) {
  let q = db.selectFrom("disclosure_publications as p");
  if (!f.includeWithdrawn) q = q.where("p.withdrawn_at", "is", null);
  if (f.departmentId) q = q.where("p.department_id", "=", f.departmentId);
  if (f.category) q = q.where("p.category", "=", f.category);
  // Past its expiry date an in-force publication is expired, as `validityOf` shows it.
  const today = f.today ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  if (f.validity === "expired")
    q = q.where((eb) =>
      eb.or([
        eb("p.validity", "=", "expired"),
        eb.and([eb("p.validity", "=", "in_force"), eb("p.expires_on", "<", today)]),
      ]),
    );
  else if (f.validity === "in_force")
    q = q
      .where("p.validity", "=", "in_force")
      .where((eb) => eb.or([eb("p.expires_on", "is", null), eb("p.expires_on", ">=", today)]));
  else if (f.validity) q = q.where("p.validity", "=", f.validity);
  if (f.year !== undefined)
    q = q.where(sql<number>`extract(year from p.published_at at time zone 'Asia/Shanghai')`, "=", f.year);
  if (match) {
    const { tsquery, compact } = match;
    q = q.where((eb) =>
      eb.or([
        ...(tsquery ? [eb(sql`p.document`, "@@", sql`to_tsquery('simple', ${tsquery})`)] : []),
        // A number typed as printed (安政发〔2026〕12号) matches however it was segmented.
        eb(
          sql`regexp_replace(lower(coalesce(p.document_number, '')), '[^[:alnum:]]', '', 'g')`,
          "=",
          compact,
        ),
        eb(sql`regexp_replace(lower(p.index_number), '[^[:alnum:]]', '', 'g')`, "=", compact),
      ]),
    );
  }
  return q;
}

/** One page, newest first (or best first with a text), and how many match. */
export async function listPublications(
  db: Executor,
  f: ListFilters,
  page: { limit: number; offset: number },
  match?: TextMatch,
): Promise<{ items: Publication[]; total: number }> {
  const base = filtered(db, f, match);
  const tsquery = match?.tsquery;
  const [items, count] = await Promise.all([
    base
      .select(COLUMNS)
      .$if(Boolean(tsquery), (q) =>
        q.orderBy(sql`ts_rank(p.document, to_tsquery('simple', ${tsquery}))`, "desc"),
      )
      .orderBy("p.published_at", "desc")
      .orderBy("p.id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirst(),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

/** When the publications a feed shows last changed, and how many there are: its validator. */
export async function feedStamp(
  db: Executor,
  f: ListFilters,
): Promise<{ latest: Date | null; count: number }> {
  const row = await filtered(db, { ...f, includeWithdrawn: true })
    .select((eb) => [eb.fn.max("p.updated_at").as("latest"), eb.fn.countAll<string | number>().as("n")])
    .executeTakeFirst();
  const latest = row?.latest ? new Date(row.latest as Date | string) : null;
  return { latest, count: Number(row?.n ?? 0) };
}
