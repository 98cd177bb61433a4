import type { Executor } from "../../platform/db/database.ts";
import type { FieldProblem } from "../../platform/errors.ts";
import { dayNumberOf, dayText } from "../calendar/days.ts";
import type { RulesVerdict } from "../cases/service.ts";
import type { CaseMaterialInput, CaseRow } from "../cases/tables.ts";
import type { ItemContent } from "../catalog/content.ts";
import { evaluateRules, registriesRead } from "../catalog/rules.ts";
import {
  type Applicant,
  type Fetched,
  fetchForApplicant,
  logFetched,
  logRuleReads,
  type NotFetchedReason,
  type RuleRead,
  readForRules,
  visitsAvoided,
} from "../exchange/once-only.ts";

/**
 * Once-only (免提交) for an application: which materials the government's own data stands in for, and
 * why the others could not be fetched — asked for every material the applicant has not uploaded or
 * promised, at every look at the draft and again at submission.
 */
export interface OnceOnly {
  fetched: Fetched[];
  missing: Map<string, NotFetchedReason>;
}

const WHY: Record<NotFetchedReason, string> = {
  no_licence: "no valid e-licence of yours was found",
  no_record: "the registry holds no record of yours",
  field_empty: "the registry has nothing recorded for it",
  no_registry: "it cannot be fetched for now",
};

export async function onceOnlyFor(
  db: Executor,
  applicant: Applicant,
  content: ItemContent,
  covered: ReadonlySet<string>,
  now = new Date(),
): Promise<OnceOnly> {
  const wanted = content.materials.filter((m) => !covered.has(m.key));
  const { fetched, missing } = await fetchForApplicant(db, applicant, wanted, now);
  return { fetched, missing: new Map(missing.map((m) => [m.key, m.reason])) };
}

/** What once-only covers, as a submission's check needs it: the keys fetched, and why others were not. */
export interface Covered {
  fetched: ReadonlySet<string>;
  missing: ReadonlyMap<string, NotFetchedReason>;
}

export const coveredBy = (onceOnly: OnceOnly): Covered => ({
  fetched: new Set(onceOnly.fetched.map((f) => f.key)),
  missing: onceOnly.missing,
});

/** The problem of a required material nobody provided, saying why it could not be fetched. */
export function missingProblem(
  content: ItemContent,
  key: string,
  covered: Covered | undefined,
): FieldProblem {
  const material = content.materials.find((m) => m.key === key);
  const why = covered?.missing.get(key);
  return {
    field: `/materials/${key}`,
    message: `is required: upload ${material?.name.en || material?.name.zh || key}${why ? ` (${WHY[why]})` : ""}`,
  };
}

/** The fetched materials as the case receives them: no file, their origin instead. */
export function fetchedMaterials(onceOnly: OnceOnly): CaseMaterialInput[] {
  return onceOnly.fetched.map((f) => ({
    key: f.key,
    source: f.origin.kind,
    sha256: null,
    name: null,
    mediaType: null,
    size: null,
    activeContent: false,
    origin: f.origin,
  }));
}

/** The case's count of what the applicant was spared. */
export function avoidedBy(onceOnly: OnceOnly, handlingDepartmentId: string) {
  return {
    materials: onceOnly.fetched.length,
    visits: visitsAvoided(onceOnly.fetched, handlingDepartmentId),
  };
}

/** Logs the reads in the case's transaction: the person sees them under "who used my data". */
export function logOnceOnly(
  tx: Executor,
  requestId: string | null,
  row: CaseRow,
  applicant: Applicant,
  content: ItemContent,
  onceOnly: OnceOnly,
): Promise<void> {
  const names = new Map(content.materials.map((m) => [m.key, m.name.zh]));
  return logFetched(
    tx,
    requestId,
    { id: row.id, number: row.number, regionCode: row.region_code },
    applicant,
    onceOnly.fetched,
    names,
  );
}

/** Instant approval on an application: the rules' verdict, and the registry reads it took. */
export interface Rules {
  verdict: RulesVerdict;
  reads: RuleRead[];
}

/** Runs the item's instant-approval rules, if it has any, on the answers and the registries' records. */
export async function rulesFor(
  db: Executor,
  applicant: Applicant,
  content: ItemContent,
  answers: Record<string, unknown>,
  now = new Date(),
): Promise<Rules | undefined> {
  const rules = content.decisionRules;
  if (!rules) return undefined;
  const { values, reads } = await readForRules(db, applicant, registriesRead(rules));
  const outcome = evaluateRules(rules, { form: answers, registries: values }, dayText(dayNumberOf(now)));
  return {
    verdict: { decision: outcome.decision, conditions: outcome.conditions, legalBasis: rules.legalBasis },
    reads,
  };
}

/** Logs what the rules read, in the case's transaction. */
export function logRules(tx: Executor, requestId: string | null, row: CaseRow, rules: Rules | undefined) {
  if (!rules) return Promise.resolve();
  return logRuleReads(
    tx,
    requestId,
    { id: row.id, number: row.number, regionCode: row.region_code },
    rules.reads,
  );
}
