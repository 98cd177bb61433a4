import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provincesOfRegions } from "../../platform/db/distribution.ts";
import { coversCountry } from "../../platform/policy/people.ts";
import type { EntryFacts } from "./chain-store.ts";
import type { ActorKind } from "./tables.ts";

export interface AuditEntry extends EntryFacts {
  seq: number;
  at: Date;
  /** The staff member's display name when the actor is staff. */
  actorName: string | null;
  details: Record<string, unknown>;
  hash: string;
}

export interface SearchQuery {
  /** Region prefixes the entries must lie in (none: nothing is found; the country's: every entry). */
  jurisdictions: string[];
  personId?: string | undefined;
  actorId?: string | undefined;
  caseId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only entries numbered below this one (the next page). */
  before?: number | undefined;
  limit: number;
}

/**
 * Entries matching every given filter within the jurisdictions, highest number first: newest first
 * within a province. Numbers count within a province's chain, so a page of several provinces' entries
 * goes on past `limit` through the other provinces' entries numbered as its last, the next page
 * beginning below that number.
 */
export async function searchEntries(db: Executor, q: SearchQuery): Promise<AuditEntry[]> {
  if (q.jurisdictions.length === 0) return [];
  const provinces = provincesOfRegions(q.jurisdictions);
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("staff as s", (join) =>
      join.on("a.actor_kind", "=", "staff").on(sql`s.id::text`, "=", sql.ref("a.actor_id")),
    )
    .selectAll("a")
    .select("s.display_name as actor_name")
    .where((eb) =>
      // A jurisdiction over the country holds every region and the entries of none (policy: audit.read).
      q.jurisdictions.some(coversCountry)
        ? eb.lit(true)
        : eb.or(q.jurisdictions.map((code) => eb("a.region_code", "like", `${code}%`))),
    );
  query = provinces
    ? query.where("a.province_code", "in", provinces)
    : query.modifyFront(allProvinces("an audit reader over the whole country"));
  if (q.personId !== undefined) query = query.where("a.person_id", "=", q.personId);
  if (q.actorId !== undefined) {
    const id = q.actorId;
    // A staff member's entries: what they did, and what was done to their account (failed sign-ins,
    // a reset second factor) by others or by no one signed in.
    query = query.where((eb) =>
      eb.or([
        eb("a.actor_id", "=", id),
        eb.and([eb("a.subject_kind", "=", "staff"), eb("a.subject_id", "=", id)]),
      ]),
    );
  }
  if (q.caseId !== undefined) query = query.where("a.case_id", "=", q.caseId);
  if (q.action !== undefined) query = query.where("a.action", "=", q.action);
  if (q.from !== undefined) query = query.where("a.at", ">=", q.from);
  if (q.to !== undefined) query = query.where("a.at", "<=", q.to);
  if (q.before !== undefined) query = query.where("a.seq", "<", q.before);
  const rows = await query.orderBy("a.seq", "desc").orderBy("a.province_code").limit(q.limit).execute();
  const last = rows.at(-1);
  if (last && rows.length === q.limit && provinces?.length !== 1) {
    rows.push(
      ...(await query
        .where("a.seq", "=", last.seq)
        .where("a.province_code", ">", last.province_code)
        .orderBy("a.province_code")
        .execute()),
    );
  }
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    onBehalfOf: r.on_behalf_of,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    personId: r.person_id,
    caseId: r.case_id,
    regionCode: r.region_code,
    purpose: r.purpose,
    requestId: r.request_id,
    details: r.details,
    hash: r.hash,
  }));
}

interface ReaderDepartment {
  id: string;
  name: string;
  nameEn: string;
}

/**
 * The reader's departments as they are now, for queries joining the reader as `s` (staff) and `c` (an
 * API client): a staff member's every department, a system's own.
 */
const READER_DEPARTMENTS = sql<ReaderDepartment[]>`coalesce(
  (select json_agg(distinct jsonb_build_object('id', d.id, 'name', d.name, 'nameEn', d.name_en))
     from staff_roles g join departments d on d.id = g.department_id where g.staff_id = s.id),
  (select json_build_array(json_build_object('id', d.id, 'name', d.name, 'nameEn', d.name_en))
     from departments d where d.id = c.department_id),
  '[]'::json)`;

export interface ReadRow {
  seq: number;
  at: Date;
  action: string;
  purpose: string | null;
  caseId: string | null;
  actorKind: ActorKind;
  onBehalfOf: string | null;
  /** The staff member's display name, or the agent's name. */
  readerName: string | null;
  departments: { name: string; nameEn: string }[];
}

/**
 * Reads of one person's data, or of an organisation's records, highest number first (newest first
 * within a province), with the reader's name and departments as they are now (a department's system:
 * its name and its department). A read is in the chain of the reader's province, which may be any; a
 * page goes on through other provinces' reads numbered as its last, as in searchEntries.
 */
export async function readsOf(
  db: Executor,
  subject: { personId: string } | { organisationId: string },
  actions: readonly string[],
  limit: number,
  before: number | undefined,
): Promise<ReadRow[]> {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("staff as s", (join) =>
      join.on("a.actor_kind", "=", "staff").on(sql`s.id::text`, "=", sql.ref("a.actor_id")),
    )
    // A person reads someone else's data only as their agent, under a mandate the principal gave.
    .leftJoin("persons as p", (join) =>
      join.on("a.actor_kind", "=", "person").on(sql`p.id::text`, "=", sql.ref("a.actor_id")),
    )
    .leftJoin("api_clients as c", (join) =>
      join.on("a.actor_kind", "=", "client").on(sql`c.id::text`, "=", sql.ref("a.actor_id")),
    )
    .modifyFront(allProvinces("who read my data: the reader's province holds the entry"))
    .select((eb) => [
      "a.seq",
      "a.province_code",
      "a.at",
      "a.action",
      "a.purpose",
      "a.case_id",
      "a.actor_kind",
      "a.on_behalf_of",
      eb.fn.coalesce("s.display_name", "p.name", "c.name").as("reader_name"),
      READER_DEPARTMENTS.as("departments"),
    ])
    .where((eb) =>
      "personId" in subject
        ? eb("a.person_id", "=", subject.personId)
        : // A literal, so the planner can use the partial index of organisations' entries.
          eb.and([
            sql<boolean>`a.subject_kind = 'organisation'`,
            eb("a.subject_id", "=", subject.organisationId),
          ]),
    )
    .where("a.action", "in", actions);
  if (before !== undefined) query = query.where("a.seq", "<", before);
  const rows = await query.orderBy("a.seq", "desc").orderBy("a.province_code").limit(limit).execute();
  const last = rows.at(-1);
  if (last && rows.length === limit) {
    rows.push(
      ...(await query
        .where("a.seq", "=", last.seq)
        .where("a.province_code", ">", last.province_code)
        .orderBy("a.province_code")
        .execute()),
    );
  }
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    action: r.action,
    purpose: r.purpose,
    caseId: r.case_id,
    actorKind: r.actor_kind,
    onBehalfOf: r.on_behalf_of,
    readerName: r.reader_name,
    departments: r.departments.map(({ name, nameEn }) => ({ name, nameEn })),
  }));
}

export interface RecordReadRow {
  seq: number;
  at: Date;
  purpose: string | null;
  caseId: string | null;
  agreementId: string | null;
  actorKind: ActorKind;
  actorId: string | null;
  /** The staff member's display name, or the system's name. */
  readerName: string | null;
  departments: ReaderDepartment[];
}

/**
 * The registry reads (`data_exchange.fetch`) of one record, newest first: entries filed under the
 * record, or — for an organisation's record — under the organisation with the record named in them.
 * Who read, as they are now: a staff member with their departments, a system with its department.
 */
export async function readsOfRecord(
  db: Executor,
  subject: { recordId: string; organisationId?: string | null | undefined },
  limit: number,
  before: number | undefined,
): Promise<RecordReadRow[]> {
  const { recordId, organisationId } = subject;
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("staff as s", (join) =>
      join.on("a.actor_kind", "=", "staff").on(sql`s.id::text`, "=", sql.ref("a.actor_id")),
    )
    .leftJoin("api_clients as c", (join) =>
      join.on("a.actor_kind", "=", "client").on(sql`c.id::text`, "=", sql.ref("a.actor_id")),
    )
    .modifyFront(allProvinces("reads of a record: the reader's province holds the entry"))
    .select((eb) => [
      "a.seq",
      "a.province_code",
      "a.at",
      "a.purpose",
      "a.case_id",
      "a.actor_kind",
      "a.actor_id",
      sql<string | null>`a.details ->> 'agreementId'`.as("agreement_id"),
      eb.fn.coalesce("s.display_name", "c.name").as("reader_name"),
      READER_DEPARTMENTS.as("departments"),
    ])
    .where("a.action", "=", "data_exchange.fetch")
    .where((eb) =>
      eb.or([
        // Literals, so the planner can use the partial indexes of records' and organisations' entries.
        eb.and([sql<boolean>`a.subject_kind = 'registry_record'`, eb("a.subject_id", "=", recordId)]),
        ...(organisationId
          ? [
              eb.and([
                sql<boolean>`a.subject_kind = 'organisation'`,
                eb("a.subject_id", "=", organisationId),
                sql<boolean>`a.details ->> 'recordId' = ${recordId}`,
              ]),
            ]
          : []),
      ]),
    );
  if (before !== undefined) query = query.where("a.seq", "<", before);
  const rows = await query.orderBy("a.seq", "desc").orderBy("a.province_code").limit(limit).execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    purpose: r.purpose,
    caseId: r.case_id,
    agreementId: r.agreement_id,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    readerName: r.reader_name,
    departments: r.departments,
  }));
}
