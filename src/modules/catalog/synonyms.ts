import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { normalise } from "./analyse.ts";
import * as searchStore from "./search-store.ts";

/**
 * The synonyms search widens a query with (开公司 → 企业设立, 营业执照): one table for the whole
 * catalogue, kept by catalogue managers, every change in the audit trail. A change applies to the
 * next search: search reads the table each time.
 */

export type { SynonymRecord } from "./search-store.ts";

export const SYNONYM_TERM_MAX = 20;
export const SYNONYM_EXPANSION_MAX = 40;
export const SYNONYM_EXPANSIONS_MAX = 10;

export interface Origin {
  requestId?: string;
}

const staffId = (actor: Actor) => (actor.kind === "staff" ? actor.id : null);

export async function listSynonyms(db: Executor, actor: Actor): Promise<searchStore.SynonymRecord[]> {
  authorize(actor, "catalog.manage", "any");
  return searchStore.listSynonyms(db);
}

/** The term as stored and looked up: searches match it against the query normalised the same way. */
export const synonymKey = (term: string) => normalise(term);

function problems(term: string, expansions: string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (term === "") issues.push({ field: "/term", key: "catalog.problem.required" });
  else if (term.length > SYNONYM_TERM_MAX)
    issues.push({ field: "/term", key: "catalog.problem.synonymTerm", params: { max: SYNONYM_TERM_MAX } });
  if (expansions.length === 0 || expansions.length > SYNONYM_EXPANSIONS_MAX)
    issues.push({
      field: "/expansions",
      key: "catalog.problem.synonymCount",
      params: { max: SYNONYM_EXPANSIONS_MAX },
    });
  expansions.forEach((expansion, i) => {
    const words = normalise(expansion);
    // An expansion of nothing but symbols, or the term itself, would widen nothing.
    if (words === "" || words === term || words.length > SYNONYM_EXPANSION_MAX)
      issues.push({
        field: `/expansions/${i}`,
        key: "catalog.problem.synonymExpansion",
        params: { max: SYNONYM_EXPANSION_MAX },
      });
  });
  return issues;
}

/** Adds a synonym or replaces its expansions. */
export async function setSynonym(
  db: Db,
  actor: Actor,
  term: string,
  expansions: string[],
  origin: Origin = {},
  now = new Date(),
): Promise<searchStore.SynonymRecord> {
  authorize(actor, "catalog.manage", "any");
  const key = synonymKey(term);
  const issues = problems(key, expansions);
  if (issues.length > 0) throw new FieldsError(issues);
  const wanted = [...new Set(expansions.map(normalise))];
  return db.transaction().execute(async (tx) => {
    const previous = await searchStore.findSynonym(tx, key);
    await searchStore.upsertSynonym(tx, { term: key, expansions: wanted, by: staffId(actor), at: now });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "catalog.synonym_set",
      subjectKind: "catalog_synonym",
      subjectId: key,
      requestId: origin.requestId ?? null,
      details: { expansions: wanted, previous: previous?.expansions ?? null },
    });
    return (await searchStore.findSynonym(tx, key)) as searchStore.SynonymRecord;
  });
}

export async function deleteSynonym(db: Db, actor: Actor, term: string, origin: Origin = {}): Promise<void> {
  authorize(actor, "catalog.manage", "any");
  const key = synonymKey(term);
  await db.transaction().execute(async (tx) => {
    const previous = await searchStore.findSynonym(tx, key);
    if (!previous || !(await searchStore.deleteSynonym(tx, key))) throw errors.notFound("synonym");
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "catalog.synonym_delete",
      subjectKind: "catalog_synonym",
      subjectId: key,
      requestId: origin.requestId ?? null,
      details: { expansions: previous.expansions },
    });
  });
}
