import { createHash } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Actor } from "../../platform/policy.ts";
import { contactOf, identifyingTails } from "../applicants/service.ts";
import {
  applicantAct,
  type CaseRow,
  type Correction,
  caseMaterialDigests,
  type EngineDeps,
  loadCase,
  openCase,
} from "../cases/service.ts";
import { type CaseMaterialInput, type Commitment, promisedMaterial } from "../cases/tables.ts";
import type { ItemContent } from "../catalog/content.ts";
import { applicableOffering } from "../catalog/service.ts";
import { answerProblems, changedAnswers } from "./answers.ts";
import { applicationErrors } from "./errors.ts";
import {
  avoidedBy,
  type Covered,
  coveredBy,
  fetchedMaterials,
  logOnceOnly,
  logRules,
  missingProblem,
  onceOnlyFor,
  rulesFor,
} from "./once-only.ts";
import { type Applicant, contentOf, deliveryProblems, loadApplication, resolveApplicant } from "./service.ts";
import * as store from "./store.ts";
import type { StoredMaterial } from "./submit-client.ts";
import type { ApplicationMaterialRow, ApplicationRow } from "./tables.ts";

export interface SubmitDeps {
  jobs: Jobs;
  config: Pick<Config, "baseUrl" | "personalDataKey" | "dataDir" | "clamd">;
  requestId?: string;
}

/** The words signed for 告知承诺制: what the applicant promises, and what it stands in for. */
export function commitmentText(content: ItemContent, keys: string[]): string {
  const names = content.materials.filter((m) => keys.includes(m.key)).map((m) => `《${m.name.zh}》`);
  return (
    `本人承诺：申请${content.name.zh}所填报的信息真实、准确、完整，` +
    `${names.join("、")}所证明的事项属实并符合法定条件；愿意接受事中事后核查，` +
    "如有不实，自愿承担撤销许可等法律责任。"
  );
}

/**
 * What someone may type, with the case number, to follow the case without signing in: a person's phone
 * and ID number tails; for an organisation, its credit code's and the submitter's phone's.
 */
export async function lookupTailsOf(
  db: Executor,
  key: Buffer,
  applicant: Applicant,
  submitterId: string,
): Promise<string[]> {
  const person =
    applicant.kind === "person" ? (applicant.contact ?? (await contactOf(db, applicant.id))) : undefined;
  const submitter = person ? undefined : await contactOf(db, submitterId);
  const tails = person
    ? identifyingTails(key, person)
    : [
        (applicant.identifierMasked ?? "").slice(-6),
        ...(submitter ? identifyingTails(key, submitter).slice(1) : []),
      ];
  return tails.filter((t) => t.length === 6);
}

/** Everything that stops a submission, at once: answers, materials, delivery. */
export function submissionProblems(
  content: ItemContent,
  row: ApplicationRow,
  materials: ApplicationMaterialRow[],
  onceOnly?: Covered,
): FieldProblem[] {
  const covered = new Set([...givenMaterials(row, materials), ...(onceOnly?.fetched ?? [])]);
  return [
    ...answerProblems(content.form, row.data),
    ...content.materials
      .filter((m) => m.required && !m.satisfiedBy?.form && !covered.has(m.key))
      .map((m) => missingProblem(content, m.key, onceOnly)),
    ...deliveryProblems(row.delivery),
  ];
}

/** The materials a draft provides itself: uploaded, or promised under its commitment. */
export function givenMaterials(row: ApplicationRow, materials: ApplicationMaterialRow[]): Set<string> {
  return new Set([...materials.map((m) => m.material_key), ...(row.commitment?.materials ?? [])]);
}

/** What a case receives for its materials: the files uploaded, then what the commitment stands in for. */
export function caseMaterials(
  content: ItemContent,
  files: StoredMaterial[],
  promised: readonly string[],
): CaseMaterialInput[] {
  const uploaded = new Set(files.map((f) => f.key));
  const asked = new Set(content.materials.map((m) => m.key));
  const fromForm = content.materials
    .filter((m) => m.satisfiedBy?.form && !uploaded.has(m.key))
    .map((m) => m.key);
  return [
    ...files.map((f) => ({ ...f, source: "upload" as const })),
    ...fromForm.map((key) => ({ ...promisedMaterial(key), source: "form" as const })),
    ...promised
      .filter((key) => !uploaded.has(key) && !fromForm.includes(key) && asked.has(key))
      .map(promisedMaterial),
  ];
}

const filesOf = (materials: ApplicationMaterialRow[]) =>
  materials.map((m) => ({
    key: m.material_key,
    sha256: m.file_sha256,
    name: m.file_name,
    mediaType: m.media_type,
    size: m.size,
    activeContent: m.active_content,
  }));

/**
 * Submits a draft (申报). A draft submitted already answers with its case, however many times the
 * button is pressed; an API caller may add an Idempotency-Key as well.
 */
export async function submitApplication(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  id: string,
  idempotencyKey: string | null = null,
  requestHash: string | null = null,
): Promise<{ row: CaseRow; created: boolean }> {
  const draft = await loadApplication(db, actor, id);
  if (draft.owner_kind === "staff") {
    // A draft written at a window: the clerk submits it for the person (window-submit.ts).
    const { submitAtWindow } = await import("./window-submit.ts");
    const done = await submitAtWindow(db, deps, actor, id, idempotencyKey);
    return { row: await loadCase(db, actor, done.caseId), created: done.created };
  }
  if (draft.status === "submitted" && draft.case_id) {
    return { row: await loadCase(db, actor, draft.case_id), created: false };
  }
  const applicable = await applicableOffering(db, draft.offering_id);
  // A draft begun on a version superseded since is finished on the version now published.
  const content = applicable.content;
  const applicant = await resolveApplicant(
    db,
    actor,
    draft.applicant_kind === "organisation"
      ? { organisation: draft.applicant_id }
      : draft.mandate_id
        ? { principal: draft.applicant_id }
        : undefined,
    applicable.item.code,
  );
  const materials = await store.materialsOf(db, draft.province_code, draft.id);
  const onceOnly = await onceOnlyFor(db, applicant, content, givenMaterials(draft, materials));
  const problems = submissionProblems(content, draft, materials, coveredBy(onceOnly));
  if (problems.length > 0) throw errors.validation(problems);
  if (actor.kind !== "person") throw errors.forbidden();
  const rules = await rulesFor(db, applicant, content, draft.data);
  const commitment: Commitment | null = draft.commitment
    ? {
        text: commitmentText(content, draft.commitment.materials),
        materials: draft.commitment.materials,
        signedAt: draft.commitment.signedAt,
        signedBy: actor.id,
        checkDue: true,
      }
    : null;
  const engine: EngineDeps = {
    jobs: deps.jobs,
    config: deps.config,
    ...(deps.requestId ? { requestId: deps.requestId } : {}),
  };
  try {
    return await openCase(
      db,
      engine,
      actor,
      {
        applicable,
        applicant,
        submitter: { kind: "person", id: actor.id },
        mandateId: applicant.mandateId,
        channel: draft.channel,
        data: draft.data,
        materials: [
          ...caseMaterials(content, filesOf(materials), draft.commitment?.materials ?? []),
          ...fetchedMaterials(onceOnly),
        ],
        avoided: avoidedBy(onceOnly, applicable.offering.departmentId),
        rules: rules?.verdict,
        commitment,
        delivery: draft.delivery ?? { method: "download" },
        idempotencyKey,
        requestHash: idempotencyKey
          ? (requestHash ?? createHash("sha256").update(draft.id).digest("hex"))
          : null,
        lookupTails: await lookupTailsOf(db, deps.config.personalDataKey, applicant, actor.id),
      },
      async (tx: Executor, row: CaseRow) => {
        // One draft, one case: a second submission of the same draft waits here for the first to
        // commit, then gives up its own case and answers with the first one's.
        const locked = await store.lockApplication(tx, draft.province_code, draft.id);
        if (locked?.case_id) throw new SubmittedMeanwhile(locked.case_id);
        if (locked?.status !== "draft") throw applicationErrors.notEditable([]);
        await store.updateApplication(tx, draft.province_code, draft.id, {
          status: "submitted",
          caseId: row.id,
        });
        await logOnceOnly(tx, deps.requestId ?? null, row, applicant, content, onceOnly);
        await logRules(tx, deps.requestId ?? null, row, rules);
      },
    );
  } catch (error) {
    if (!(error instanceof SubmittedMeanwhile)) throw error;
    return { row: await loadCase(db, actor, error.caseId), created: false };
  }
}

/** The same draft was submitted by another request while this one was on its way. */
class SubmittedMeanwhile extends Error {
  constructor(readonly caseId: string) {
    super("The application was submitted meanwhile");
  }
}

/**
 * Resubmits after a supplement request: the corrected answers and the materials replaced since go to
 * the case, and the clock (if it ran) starts again with the days waited not counted. `alongside` runs
 * in the resubmission's transaction.
 */
export async function resubmitApplication(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  id: string,
  alongside?: (tx: Executor, row: CaseRow) => Promise<void>,
): Promise<CaseRow> {
  const draft = await loadApplication(db, actor, id);
  if (!draft.case_id) throw applicationErrors.noSupplementPending();
  const caseRow = await loadCase(db, actor, draft.case_id);
  if (caseRow.state !== "supplement") throw applicationErrors.noSupplementPending();
  const content = await contentOf(db, draft);
  const materials = await store.materialsOf(db, draft.province_code, draft.id);
  const before = await caseMaterialDigests(db, caseRow.province_code, caseRow.id);
  // What the case fetched at submission stays with it: a correction need not upload it.
  const fetched = new Set([...before].filter(([, d]) => d === "licence" || d === "registry").map(([k]) => k));
  const problems = submissionProblems(content, draft, materials, { fetched, missing: new Map() });
  if (problems.length > 0) throw errors.validation(problems);
  const all = caseMaterials(content, filesOf(materials), draft.commitment?.materials ?? []);
  const replaced = all.filter((m) => before.get(m.key) !== (m.sha256 ?? m.source)).map((m) => m.key);
  const correction: Correction = {
    data: draft.data,
    changed: changedAnswers(caseRow.data, draft.data),
    materials: all,
    replaced,
  };
  const resubmit = (on: Db | Executor) =>
    applicantAct(on, { jobs: deps.jobs, config: deps.config }, actor, caseRow.id, "resubmit", {
      correction,
      heldBy: { kind: draft.owner_kind, id: draft.owner_id },
    });
  if (!alongside) return resubmit(db);
  return db.transaction().execute(async (tx) => {
    const saved = await resubmit(tx);
    await alongside(tx, saved);
    return saved;
  });
}
