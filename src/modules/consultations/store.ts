import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { ArticleInput } from "./articles.ts";
import type { ArticleRow, StoredState } from "./tables.ts";

/** A consultation as the module's rules see it, with its department's and region's names. */
export interface ConsultationRecord {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  regionCode: string;
  regionName: string;
  title: string;
  purpose: string;
  contact: string;
  opensAt: Date;
  closesAt: Date;
  shortPeriodReason: string | null;
  state: StoredState;
  pseudonymSalt: string;
  createdAt: Date;
  publishedAt: Date | null;
  summarisedAt: Date | null;
}

export interface ConsultationFields {
  title: string;
  purpose: string;
  contact: string;
  opensAt: Date;
  closesAt: Date;
  shortPeriodReason: string | null;
}

function selectConsultations(db: Executor) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("departments as d", "d.id", "c.department_id")
    .innerJoin("regions as r", "r.code", "c.region_code")
    .select([
      "c.id",
      "c.department_id as departmentId",
      "d.name as departmentName",
      "d.name_en as departmentNameEn",
      "c.region_code as regionCode",
      "r.name as regionName",
      "c.title",
      "c.purpose",
      "c.contact",
      "c.opens_at as opensAt",
      "c.closes_at as closesAt",
      "c.short_period_reason as shortPeriodReason",
      "c.state",
      "c.pseudonym_salt as pseudonymSalt",
      "c.created_at as createdAt",
      "c.published_at as publishedAt",
      "c.summarised_at as summarisedAt",
    ]);
}

export async function findConsultation(db: Executor, id: string): Promise<ConsultationRecord | undefined> {
  return selectConsultations(db).where("c.id", "=", id).executeTakeFirst();
}

/** The row locked for the rest of the transaction: state changes of one consultation queue behind each other. */
export async function lockConsultation(db: Executor, id: string): Promise<void> {
  await db.selectFrom("consultations").select("id").where("id", "=", id).forUpdate().execute();
}

export interface ListFilter {
  regionCode?: string | undefined;
  departmentId?: string | undefined;
  /** Only these states; drafts are never public. */
  states: StoredState[];
  /** Only these departments (a staff member's own). */
  departmentIds?: string[] | undefined;
  limit: number;
  offset: number;
}

/** Open ones first (soonest closing first), then those not yet open, then closed ones (latest first). */
export async function listConsultations(db: Executor, filter: ListFilter, now: Date) {
  let query = selectConsultations(db).where("c.state", "in", filter.states);
  if (filter.regionCode) query = query.where("c.region_code", "like", `${filter.regionCode}%`);
  if (filter.departmentId) query = query.where("c.department_id", "=", filter.departmentId);
  if (filter.departmentIds) {
    if (filter.departmentIds.length === 0) return [];
    query = query.where("c.department_id", "in", filter.departmentIds);
  }
  const rows = await query
    .orderBy(
      sql`case when c.state = 'draft' then 0 when ${now} < c.opens_at then 2 when ${now} < c.closes_at then 1 else 3 end`,
    )
    .orderBy(sql`case when ${now} < c.closes_at then c.closes_at end`, "asc")
    .orderBy("c.closes_at", "desc")
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const counts = await commentTotals(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, comments: counts.get(r.id) ?? 0 }));
}

async function commentTotals(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("consultation_comments")
    .select(["consultation_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("consultation_id", "in", ids)
    .where("withdrawn_at", "is", null)
    .groupBy("consultation_id")
    .execute();
  return new Map(rows.map((r) => [r.consultation_id, Number(r.n)]));
}

export async function insertConsultation(
  db: Executor,
  values: ConsultationFields & { departmentId: string; regionCode: string; createdBy: string; salt: string },
): Promise<string> {
  const row = await db
    .insertInto("consultations")
    .values({
      department_id: values.departmentId,
      region_code: values.regionCode,
      title: values.title,
      purpose: values.purpose,
      contact: values.contact,
      opens_at: values.opensAt,
      closes_at: values.closesAt,
      short_period_reason: values.shortPeriodReason,
      pseudonym_salt: values.salt,
      created_by: values.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateConsultation(
  db: Executor,
  id: string,
  values: ConsultationFields,
): Promise<void> {
  await db
    .updateTable("consultations")
    .set({
      title: values.title,
      purpose: values.purpose,
      contact: values.contact,
      opens_at: values.opensAt,
      closes_at: values.closesAt,
      short_period_reason: values.shortPeriodReason,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

export async function markPublished(db: Executor, id: string, by: string, at: Date): Promise<void> {
  await db
    .updateTable("consultations")
    .set({ state: "published", published_at: at, published_by: by, updated_at: at })
    .where("id", "=", id)
    .execute();
}

export async function markSummarised(db: Executor, id: string, by: string, at: Date): Promise<void> {
  await db
    .updateTable("consultations")
    .set({ state: "summarised", summarised_at: at, summarised_by: by, updated_at: at })
    .where("id", "=", id)
    .execute();
}

export async function replaceArticles(db: Executor, id: string, articles: ArticleInput[]): Promise<void> {
  await db.deleteFrom("consultation_articles").where("consultation_id", "=", id).execute();
  if (articles.length === 0) return;
  await db
    .insertInto("consultation_articles")
    .values(
      articles.map((a, i) => ({
        consultation_id: id,
        position: i + 1,
        number: a.number,
        heading: a.heading ?? null,
        body: a.body,
      })),
    )
    .execute();
}

export async function articlesOf(db: Executor, id: string): Promise<ArticleRow[]> {
  return db
    .selectFrom("consultation_articles")
    .selectAll()
    .where("consultation_id", "=", id)
    .orderBy("position")
    .execute();
}
