import type { Db, Executor } from "../../platform/db/database.ts";
import { provincesOfRegions } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { AUDIT_READERS } from "../../platform/policy/people.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { currentRequest } from "../../platform/request-scope.ts";
import { detailsJson, wellFormed } from "./chain.ts";
import * as chain from "./chain-store.ts";
import { sealAudit } from "./seal.ts";
import * as store from "./store.ts";
import { ACTOR_KINDS, type ActorKind } from "./tables.ts";

export { sealAudit } from "./seal.ts";
export type { AuditEntry } from "./store.ts";
export {
  type VerifiedHead,
  type VerifyOptions,
  type VerifyProblem,
  type VerifyResult,
  verifyAuditChain,
} from "./verify.ts";

/** What happened, who did it, to whom and why. Absent fields are stored as null. */
export interface AuditInput {
  actorKind: ActorKind;
  /** Staff id, person id…; required for staff and person actors. */
  actorId?: string | null;
  /** The principal when an agent acts under a mandate, or the organisation acted for. */
  onBehalfOf?: string | null;
  /** `module.verb`: 'staff.signin', 'staff.signin_failed', 'personal_data.read', 'mandate.revoke'… */
  action: string;
  subjectKind?: string | null;
  subjectId?: string | null;
  /** Whose personal data was touched; the person sees the entry in "who read my data". */
  personId?: string | null;
  caseId?: string | null;
  /** Where it happened: supervisors of that region subtree see the entry. Without one, none do. */
  regionCode?: string | null;
  /** Why; required for a read of personal data. */
  purpose?: string | null;
  requestId?: string | null;
  /** Anything else worth keeping, as JSON data (no NUL characters: PostgreSQL refuses them). */
  details?: Record<string, unknown>;
}

/** Actions that read a person's data: what "who read my data" lists. A module adding a way to read adds it here. */
export const DATA_READ_ACTIONS = [
  "personal_data.read",
  "personal_data.export",
  "data_exchange.fetch",
] as const;

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** The actor fields of an entry for whoever is making the request. */
export function auditActor(actor: Actor): Pick<AuditInput, "actorKind" | "actorId"> {
  return actor.kind === "anonymous"
    ? { actorKind: "anonymous" }
    : { actorKind: actor.kind, actorId: actor.id };
}

const text = (value: string | null | undefined): string | null =>
  value === undefined || value === null ? null : wellFormed(value);

function check(entry: AuditInput): void {
  if (!ACTOR_KINDS.includes(entry.actorKind))
    throw new TypeError(`Unknown audit actor kind ${entry.actorKind}`);
  if (!ACTION.test(entry.action)) {
    throw new TypeError(
      `Audit action "${entry.action}" must be lowercase words joined by dots, e.g. staff.signin`,
    );
  }
  if ((entry.actorKind === "staff" || entry.actorKind === "person") && !entry.actorId) {
    throw new TypeError(`An audit entry by ${entry.actorKind} names the actor (actorId)`);
  }
  if (entry.action === "personal_data.read") {
    const fields = [];
    if (!entry.personId) fields.push({ field: "/personId", message: "Whose data was read must be recorded" });
    if (!entry.purpose?.trim()) fields.push({ field: "/purpose", message: "Say why the data is needed" });
    if (fields.length > 0) throw errors.validation(fields);
  }
}

/**
 * How entries reach the chain. "inline": appended in the change's own transaction, which then holds the
 * chain's head until it commits — audited transactions commit one after another. "batch": written as
 * pending in the change's transaction, without a lock, and sealed into the chain in batches by
 * `sealAudit` (the server does so every second, and every reader of the trail first). The server runs
 * batch (AUDIT_SEALING); tools and tests that call services directly run inline unless told.
 */
export type AuditSealing = "inline" | "batch";
let sealing: AuditSealing = "inline";

export function setAuditSealing(mode: AuditSealing): void {
  sealing = mode;
}

/**
 * Records one entry of the audit trail, in the transaction of the change it records, so the change and
 * its entry commit or roll back together; it refuses to run outside a transaction. Inline, it locks the
 * chain's head until that transaction ends: call it last, after the change's own statements (and after
 * any other row lock, so no two transactions wait for each other). The transaction must be READ
 * COMMITTED (the default): under REPEATABLE READ or SERIALIZABLE a concurrent append makes it fail.
 * Answers the entry's number and hash inline; null in batch, where the sealer numbers it later.
 */
export async function recordAudit(
  tx: Executor,
  entry: AuditInput,
): Promise<{ seq: number; hash: string } | null> {
  if (!tx.isTransaction) {
    throw new Error(
      "recordAudit must run inside the transaction of the change it records: pass that transaction, not the database",
    );
  }
  check(entry);
  const row = {
    actorKind: entry.actorKind,
    actorId: text(entry.actorId),
    onBehalfOf: text(entry.onBehalfOf),
    action: entry.action,
    subjectKind: text(entry.subjectKind),
    subjectId: text(entry.subjectId),
    personId: text(entry.personId),
    caseId: text(entry.caseId),
    regionCode: text(entry.regionCode),
    purpose: text(entry.purpose),
    requestId: text(entry.requestId),
    details: detailsJson(withClientAddress(entry.details)),
  };
  if (sealing === "inline") return chain.appendEntry(tx, row);
  await chain.insertPending(tx, row);
  return null;
}

/**
 * The details with the address of the client whose request is being served (`ip`), when there is one:
 * in the details, which the hash covers, so the canonical text of an entry keeps its sixteen fields.
 * Entries written by jobs and commands carry none; an address the caller gave is kept.
 */
function withClientAddress(
  details: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const request = currentRequest();
  if (!request || (details && "ip" in details)) return details;
  return { ...details, ip: request.ip };
}

export interface AuditFilters {
  personId?: string | undefined;
  actorId?: string | undefined;
  caseId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface Page {
  limit: number;
  /** Entries numbered below this (from the previous page's `nextBefore`). */
  before?: number | undefined;
}

export interface AuditPage {
  items: store.AuditEntry[];
  /** Pass as `before` for the next, older page; null on the last. */
  nextBefore: number | null;
}

/** The region subtrees whose audit entries this actor may search. */
function auditJurisdictions(actor: Actor): string[] {
  if (actor.kind !== "staff") return [];
  const codes = actor.grants
    .filter((g) => (AUDIT_READERS as readonly string[]).includes(g.role))
    .map((g) => g.jurisdictionCode);
  // A jurisdiction inside another adds nothing but an OR to the query.
  return [...new Set(codes)].filter(
    (code) => !codes.some((other) => other !== code && code.startsWith(other)),
  );
}

/**
 * Where a reader's own work on the trail is recorded: their widest jurisdiction. The country's is the
 * empty code, which no region has: work over the whole country has no region.
 */
export function auditorRegion(actor: Actor): string | null {
  return auditJurisdictions(actor).sort((a, b) => a.length - b.length)[0] || null;
}

/**
 * Supervisors and administrators search the trail, newest first: by person, staff member, case, action
 * and time, within their jurisdictions only.
 */
export async function searchAudit(
  db: Db,
  actor: Actor,
  filters: AuditFilters,
  page: Page,
): Promise<AuditPage> {
  authorize(actor, "audit.search");
  const jurisdictions = auditJurisdictions(actor);
  // A reader seals only the provinces they read.
  await sealAudit(db, provincesOfRegions(jurisdictions));
  if (filters.from && filters.to && filters.from > filters.to) {
    throw errors.validation([{ field: "/from", message: "from must not be later than to" }]);
  }
  const found = await store.searchEntries(db, {
    ...filters,
    jurisdictions,
    before: page.before,
    limit: page.limit,
  });
  const last = found.at(-1);
  const items = found.filter((entry) => can(actor, "audit.read", entry));
  // Reading the trail is itself on it (MLPS: the audit administrator's work is audited too), in the
  // reader's widest jurisdiction, after the search so that it is not among its own results.
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      ...auditActor(actor),
      action: "audit.searched",
      regionCode: auditorRegion(actor),
      details: { filters: searchedFilters(filters), before: page.before ?? null, entries: items.length },
    }),
  );
  return {
    // The query already keeps to the jurisdictions; the policy has the last word all the same.
    items,
    // A page of several provinces may run past the limit (store.searchEntries).
    nextBefore: found.length >= page.limit && last ? last.seq : null,
  };
}

/** The filters as they are kept in the entry: what was asked, not the Date objects. */
function searchedFilters(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : String(value)]),
  );
}

/** One read of a person's data as the person sees it: when, who (name, departments), why. */
export interface DataRead {
  seq: number;
  at: Date;
  action: string;
  purpose: string | null;
  caseId: string | null;
  reader: {
    kind: ActorKind;
    /** The staff member's display name, or the name of the agent acting under a mandate; null for the system. */
    name: string | null;
    departments: { name: string; nameEn: string }[];
    onBehalfOf: string | null;
  };
}

/**
 * Who read this person's data and why, newest first. The caller has established that the person asking
 * is `personId` (or acts for them under a mandate): this function does not check it.
 */
export async function whoReadMyData(
  db: Executor,
  personId: string,
  page: Page = { limit: 50 },
): Promise<DataRead[]> {
  await sealAudit(db);
  return presentReads(await store.readsOf(db, { personId }, DATA_READ_ACTIONS, page.limit, page.before));
}

/**
 * Who read an organisation's records in the registries and why, newest first: "who used our data". The
 * caller has established that the person asking acts for the organisation.
 */
export async function whoReadOurData(
  db: Executor,
  organisationId: string,
  page: Page = { limit: 50 },
): Promise<DataRead[]> {
  await sealAudit(db);
  return presentReads(
    await store.readsOf(db, { organisationId }, DATA_READ_ACTIONS, page.limit, page.before),
  );
}

/** One read of a registry record: who, for which department, when, and under what. */
export type RecordRead = store.RecordReadRow;

/**
 * The reads of one registry record, newest first. The caller has established that the actor may see
 * them (the registry's steward: exchange/usage.ts).
 */
export async function readsOfRecord(
  db: Executor,
  subject: { recordId: string; organisationId?: string | null },
  page: Page,
): Promise<RecordRead[]> {
  await sealAudit(db);
  return store.readsOfRecord(db, subject, page.limit, page.before);
}

function presentReads(rows: store.ReadRow[]): DataRead[] {
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action,
    purpose: r.purpose,
    caseId: r.caseId,
    reader: { kind: r.actorKind, name: r.readerName, departments: r.departments, onBehalfOf: r.onBehalfOf },
  }));
}
