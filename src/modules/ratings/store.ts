import type { Insertable } from "kysely";
import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import {
  allProvinces,
  inProvince,
  provinceId,
  provinceOf,
  provinceOfId,
} from "../../platform/db/distribution.ts";
import { provinceOfCaseNumber } from "../cases/numbers.ts";
import type { RatingAdditionRow, RatingChannel, RatingRow, RatingSubject, RatingTable } from "./tables.ts";

/** What a rating needs of a case: read from the case engine's table, never written. */
export interface CaseSubject {
  id: string;
  number: string;
  state: string;
  regionCode: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  applicantKind: "person" | "organisation";
  applicantId: string;
  submitterKind: "person" | "staff" | "client";
  submitterId: string;
  mandateId: string | null;
  siteId: string | null;
  channel: string;
  closedAt: Date | null;
  /** The departments of the plan's tasks, the deciding stage's first. */
  departmentIds: string[];
}

interface PlanShape {
  stages: { kind: string; tasks: { departmentId: string }[] }[];
}

const caseColumns = [
  "id",
  "number",
  "state",
  "region_code",
  "item_code",
  "item_name",
  "applicant_kind",
  "applicant_id",
  "submitter_kind",
  "submitter_id",
  "mandate_id",
  "site_id",
  "channel",
  "closed_at",
  "plan",
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The province a case's id or number names; undefined for one made before ids named it. */
export function provinceOfCaseKey(idOrNumber: string): string | undefined {
  return UUID.test(idOrNumber) ? provinceOfId(idOrNumber) : provinceOfCaseNumber(idOrNumber);
}

/**
 * A case by its id or number, in the province given: the one its key names (`provinceOfCaseKey`), or
 * the one of the row that led to it (a rating's, a link's); undefined looks in every province.
 */
export async function caseSubject(
  db: Executor,
  province: string | undefined,
  idOrNumber: string,
): Promise<CaseSubject | undefined> {
  const uuid = UUID.test(idOrNumber);
  if (!uuid && !/^\d{14,26}$/.test(idOrNumber)) return undefined;
  const row = await db
    .selectFrom("cases")
    .select(caseColumns)
    .$call(inProvince(province))
    .where(uuid ? "id" : "number", "=", idOrNumber)
    .executeTakeFirst();
  if (!row) return undefined;
  const plan = row.plan as unknown as PlanShape;
  const deciding = plan.stages.filter((s) => s.kind === "decision").flatMap((s) => s.tasks);
  const all = plan.stages.flatMap((s) => s.tasks);
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    regionCode: row.region_code,
    itemCode: row.item_code,
    itemName: row.item_name,
    applicantKind: row.applicant_kind,
    applicantId: row.applicant_id,
    submitterKind: row.submitter_kind,
    submitterId: row.submitter_id,
    mandateId: row.mandate_id,
    siteId: row.site_id,
    channel: row.channel,
    closedAt: row.closed_at,
    departmentIds: [...new Set([...deciding, ...all].map((t) => t.departmentId))],
  };
}

/** What a rating needs of a hall visit: the ticket and its site, read from the halls' tables. */
export interface VisitSubject {
  id: string;
  number: string;
  status: string;
  siteId: string;
  siteName: string;
  regionCode: string;
  departmentId: string;
  personId: string | null;
}

/** A hall visit by its ticket's id, in the province given (as `caseSubject`). */
export async function visitSubject(
  db: Executor,
  province: string | undefined,
  ticketId: string,
): Promise<VisitSubject | undefined> {
  return db
    .selectFrom("queue_tickets as t")
    .innerJoin("service_sites as s", "s.id", "t.site_id")
    .select([
      "t.id",
      "t.number",
      "t.status",
      "t.site_id as siteId",
      "s.name as siteName",
      "t.region_code as regionCode",
      "s.department_id as departmentId",
      "t.person_id as personId",
    ])
    .$call(inProvince(province, "t.province_code"))
    .where("t.id", "=", ticketId)
    .executeTakeFirst();
}

/** Inserts a rating unless the subject has one on that channel already (then undefined). */
export async function insertRating(
  tx: Executor,
  row: Insertable<RatingTable>,
): Promise<RatingRow | undefined> {
  return tx
    .insertInto("ratings")
    .values({ ...row, tags: sql`${sql.val(row.tags ?? [])}::text[]` as never })
    .onConflict((oc) => oc.columns(["province_code", "subject_kind", "subject_id", "channel"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The ratings table's columns a rating is written with, and their types for a statement's parameters. */
const RATING_COLUMNS = {
  province_code: "text",
  id: "uuid",
  subject_kind: "text",
  subject_id: "uuid",
  channel: "text",
  level: "smallint",
  tags: "text[]",
  comment: "text",
  rater_kind: "text",
  rater_person_id: "uuid",
  region_code: "text",
  department_id: "uuid",
  item_code: "text",
  item_name: "text",
  item_name_en: "text",
  site_id: "uuid",
  case_channel: "text",
  created_at: "timestamptz",
} as const;
export type RatingValues = { [K in keyof typeof RATING_COLUMNS]: Insertable<RatingTable>[K] };

/**
 * Spends a link and keeps its rating in one statement (one round trip, atomic on its own, so a good
 * rating needs no transaction around it): the insert reads from the spend, so a link spent already
 * inserts nothing, and neither does a second rating of the subject on the channel. Undefined then.
 */
export async function insertRatingSpending(
  db: Executor,
  tokenHash: string,
  row: RatingValues,
): Promise<RatingRow | undefined> {
  const columns = Object.keys(RATING_COLUMNS) as (keyof typeof RATING_COLUMNS)[];
  // The link was kept in its subject's province, which is the rating's.
  const result = await sql<RatingRow>`
    with spent as (
      update rating_tokens set used_at = ${row.created_at}
      where province_code = ${row.province_code} and token_hash = ${tokenHash} and used_at is null
      returning token_hash
    )
    insert into ratings (${sql.join(columns.map((c) => sql.ref(c)))})
    select ${sql.join(columns.map((c) => sql`${row[c] ?? null}::${sql.raw(RATING_COLUMNS[c])}`))}
    from spent
    on conflict (province_code, subject_kind, subject_id, channel) do nothing
    returning *`.execute(db);
  return result.rows[0];
}

/** A rating by its id, in the province given: the id's own from a link, the row's that names it. */
export async function findRating(
  db: Executor,
  province: string | undefined,
  id: string,
): Promise<RatingRow | undefined> {
  return db
    .selectFrom("ratings")
    .selectAll()
    .$call(inProvince(province))
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A subject's ratings: they lie in its province (its case's or visit's region). */
export async function ratingsOf(
  db: Executor,
  province: string,
  kind: RatingSubject,
  subjectId: string,
): Promise<RatingRow[]> {
  return db
    .selectFrom("ratings")
    .selectAll()
    .where("province_code", "=", province)
    .where("subject_kind", "=", kind)
    .where("subject_id", "=", subjectId)
    .orderBy("created_at")
    .execute();
}

export async function ratingOn(
  db: Executor,
  province: string,
  kind: RatingSubject,
  subjectId: string,
  channel: RatingChannel,
): Promise<RatingRow | undefined> {
  return db
    .selectFrom("ratings")
    .selectAll()
    .where("province_code", "=", province)
    .where("subject_kind", "=", kind)
    .where("subject_id", "=", subjectId)
    .where("channel", "=", channel)
    .executeTakeFirst();
}

export async function insertAddition(
  tx: Executor,
  rating: { id: string; province_code: string },
  text: string,
  at: Date,
) {
  return tx
    .insertInto("rating_additions")
    .values({
      province_code: rating.province_code,
      id: provinceId(rating.province_code),
      rating_id: rating.id,
      text,
      created_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What was added to the ratings given, each in its rating's province. */
export async function additionsOf(
  db: Executor,
  ratings: { id: string; province_code: string }[],
): Promise<RatingAdditionRow[]> {
  if (ratings.length === 0) return [];
  return db
    .selectFrom("rating_additions")
    .selectAll()
    .where("province_code", "in", [...new Set(ratings.map((r) => r.province_code))])
    .where(
      "rating_id",
      "in",
      ratings.map((r) => r.id),
    )
    .orderBy("created_at")
    .execute();
}

export interface TokenRow {
  province_code: string;
  kind: "sms" | "pad";
  subject_kind: RatingSubject;
  subject_id: string;
  person_id: string | null;
  used_at: Date | null;
}

/** Keeps a token's hash; an existing one for the same subject and person is kept instead (false). */
export async function insertToken(
  tx: Executor,
  row: {
    hash: string;
    kind: "sms" | "pad";
    subjectKind: RatingSubject;
    subjectId: string;
    personId: string | null;
    /** The rated case's or visit's region. */
    regionCode: string;
  },
): Promise<boolean> {
  const inserted = await tx
    .insertInto("rating_tokens")
    .values({
      province_code: provinceOf(row.regionCode),
      token_hash: row.hash,
      kind: row.kind,
      subject_kind: row.subjectKind,
      subject_id: row.subjectId,
      person_id: row.personId,
      used_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("token_hash")
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * A rating link's token, by its hash. The token is derived from its subject alone and keeps the 24
 * characters docs/ratings.md gives it, so it names no province: it is looked for in every one.
 */
export async function findToken(db: Executor, hash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom("rating_tokens")
    .modifyFront(allProvinces("a rating link's token names no province"))
    .select(["province_code", "kind", "subject_kind", "subject_id", "person_id", "used_at"])
    .where("token_hash", "=", hash)
    .executeTakeFirst();
}

/** Closed cases of the last days not yet invited by text message, oldest first, in every province. */
export async function casesToInvite(
  db: Executor,
  since: Date,
  limit: number,
): Promise<{ id: string; province_code: string }[]> {
  return db
    .selectFrom("cases as c")
    .modifyFront(allProvinces("the invitations' sweep reads every province at once"))
    .select(["c.id", "c.province_code"])
    .where("c.state", "=", "closed")
    .where("c.closed_at", ">=", since)
    .where("c.outcome", "<>", "withdrawn")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("rating_tokens as k")
            .select("k.token_hash")
            .where("k.kind", "=", "sms")
            .where("k.subject_kind", "=", "case")
            .whereRef("k.subject_id", "=", "c.id")
            .whereRef("k.province_code", "=", "c.province_code"),
        ),
      ),
    )
    .orderBy("c.closed_at")
    .limit(limit)
    .execute();
}

/** The nearest setting over a region: its own, else the nearest ancestor's. */
export async function rectifyDaysOver(
  db: Executor,
  regionCode: string,
): Promise<{ regionCode: string; days: number } | undefined> {
  const row = await db
    .selectFrom("rating_settings")
    .select(["region_code", "rectify_days"])
    .where(sql<boolean>`${regionCode} like region_code || '%'`)
    .orderBy(sql`length(region_code)`, "desc")
    .executeTakeFirst();
  return row ? { regionCode: row.region_code, days: row.rectify_days } : undefined;
}

export async function setRectifyDays(tx: Executor, regionCode: string, days: number, by: string, at: Date) {
  await tx
    .insertInto("rating_settings")
    .values({ region_code: regionCode, rectify_days: days, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column("region_code").doUpdateSet({ rectify_days: days, updated_by: by, updated_at: at }),
    )
    .execute();
}
