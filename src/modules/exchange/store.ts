import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type {
  AgreementStatus,
  BilingualText,
  DataAgreementRow,
  KeyKind,
  RegistryField,
  RegistryRow,
  SubjectKind,
} from "./tables.ts";

export interface Registry {
  id: string;
  code: string;
  name: BilingualText;
  description: BilingualText;
  departmentId: string;
  subjectKind: SubjectKind;
  keyKind: KeyKind;
  fields: RegistryField[];
  createdAt: Date;
}

export interface Agreement {
  id: string;
  registryId: string;
  registryCode: string;
  consumerDepartmentId: string;
  stewardDepartmentId: string;
  /** The consumer department's region: where its reads are filed in the audit trail. */
  consumerRegionCode: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  status: AgreementStatus;
  validUntil: Date | null;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

function toRegistry(row: RegistryRow): Registry {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    departmentId: row.department_id,
    subjectKind: row.subject_kind,
    keyKind: row.key_kind,
    fields: row.fields,
    createdAt: row.created_at,
  };
}

function toAgreement(
  row: DataAgreementRow & { registry_code: string; steward_id: string; consumer_region: string },
): Agreement {
  return {
    id: row.id,
    registryId: row.registry_id,
    registryCode: row.registry_code,
    consumerDepartmentId: row.consumer_department_id,
    stewardDepartmentId: row.steward_id,
    consumerRegionCode: row.consumer_region,
    fields: row.fields,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    status: row.status,
    validUntil: row.valid_until,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}

// — registries —

export async function insertRegistry(
  db: Executor,
  r: Omit<Registry, "id" | "createdAt">,
): Promise<Registry | undefined> {
  const row = await db
    .insertInto("registries")
    .values({
      code: r.code,
      name: JSON.stringify(r.name),
      description: JSON.stringify(r.description),
      department_id: r.departmentId,
      subject_kind: r.subjectKind,
      key_kind: r.keyKind,
      fields: JSON.stringify(r.fields),
    })
    .onConflict((oc) => oc.column("code").doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toRegistry(row);
}

export async function findRegistry(db: Executor, code: string): Promise<Registry | undefined> {
  const row = await db.selectFrom("registries").selectAll().where("code", "=", code).executeTakeFirst();
  return row && toRegistry(row);
}

export async function listRegistries(db: Executor): Promise<Registry[]> {
  const rows = await db.selectFrom("registries").selectAll().orderBy("code").execute();
  return rows.map(toRegistry);
}

// — agreements —

const agreements = (db: Executor) =>
  db
    .selectFrom("data_agreements as a")
    .innerJoin("registries as g", "g.id", "a.registry_id")
    .innerJoin("departments as c", "c.id", "a.consumer_department_id")
    .selectAll("a")
    .select(["g.code as registry_code", "g.department_id as steward_id", "c.region_code as consumer_region"]);

export async function insertAgreement(
  db: Executor,
  a: {
    registryId: string;
    consumerDepartmentId: string;
    fields: string[];
    purpose: string;
    legalBasis: string;
    validUntil: Date | null;
    requestedBy: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto("data_agreements")
    .values({
      registry_id: a.registryId,
      consumer_department_id: a.consumerDepartmentId,
      fields: a.fields,
      purpose: a.purpose,
      legal_basis: a.legalBasis,
      valid_until: a.validUntil,
      requested_by: a.requestedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAgreement(db: Executor, id: string): Promise<Agreement | undefined> {
  const row = await agreements(db).where("a.id", "=", id).executeTakeFirst();
  return row && toAgreement(row);
}

/** Agreements where one of these departments consumes or stewards, newest first. */
export async function agreementsOf(db: Executor, departmentIds: string[]): Promise<Agreement[]> {
  if (departmentIds.length === 0) return [];
  const rows = await agreements(db)
    .where((eb) =>
      eb.or([
        eb("a.consumer_department_id", "in", departmentIds),
        eb("g.department_id", "in", departmentIds),
      ]),
    )
    .orderBy("a.requested_at", "desc")
    .limit(200)
    .execute();
  return rows.map(toAgreement);
}

/** Moves an agreement out of `from`; false when it was not there any more (someone decided first). */
export async function decideAgreement(
  db: Executor,
  id: string,
  from: AgreementStatus,
  to: AgreementStatus,
  by: string,
  note: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("data_agreements")
    .set({ status: to, decided_by: by, decided_at: sql`now()`, decision_note: note })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// Records have a file of their own; the module reads both as its one store.
export * from "./records-store.ts";
