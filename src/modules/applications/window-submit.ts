import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, withinRegion } from "../../platform/policy.ts";
import { type CaseRow, type EngineDeps, loadCase, openCase } from "../cases/service.ts";
import type { Commitment } from "../cases/tables.ts";
import { applicableOffering } from "../catalog/service.ts";
import { getSiteById } from "../halls/sites.ts";
import { applicationErrors } from "./errors.ts";
import {
  avoidedBy,
  coveredBy,
  fetchedMaterials,
  logOnceOnly,
  logRules,
  onceOnlyFor,
  rulesFor,
} from "./once-only.ts";
import { loadApplication } from "./service.ts";
import * as store from "./store.ts";
import {
  caseMaterials,
  commitmentText,
  givenMaterials,
  lookupTailsOf,
  resubmitApplication,
  type SubmitDeps,
  submissionProblems,
} from "./submit.ts";
import type { ApplicationMaterialRow } from "./tables.ts";
import { personApplicant } from "./window-service.ts";
import * as windowStore from "./window-store.ts";

/** What a window submission answers: the case, made now or before. */
export interface WindowSubmitted {
  caseId: string;
  number: string;
  created: boolean;
}

/**
 * Submits a draft written at a window (申报): the same checks as online — every problem at once, the
 * one-time notice (一次性告知) of every material missing — and the same case, which records the clerk
 * as its submitter (submitter_kind "staff") and the window's channel. Pressed twice, it answers with
 * the case of the first press.
 */
export async function submitAtWindow(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  id: string,
  idempotencyKey: string | null = null,
): Promise<WindowSubmitted> {
  authorize(actor, "intake.work");
  if (actor.kind !== "staff") throw errors.forbidden();
  // Pressed again after the application went to the applicant: the case this clerk submitted answers.
  const seen = isUuid(id) ? await store.findApplication(db, id) : undefined;
  if (seen?.case_id && seen.owner_kind === "staff" && seen.owner_id === actor.id) {
    // A correction taken over at the window (窗口补正): resubmitted, then the person's again.
    const row = await resubmitApplication(db, deps, actor, seen.id);
    await db.transaction().execute((tx) => windowStore.handToApplicant(tx, seen.province_code, seen.id));
    return { caseId: row.id, number: row.number, created: false };
  }
  if (seen?.case_id) return { ...(await caseRef(db, actor, seen.case_id)), created: false };
  const draft = await loadApplication(db, actor, id);
  const applicable = await applicableOffering(db, draft.offering_id);
  await authorizeTake(db, actor, draft.site_id, applicable.offering.regionCode);
  const content = applicable.content;
  const applicant = await personApplicant(db, draft.applicant_id);
  const materials = await store.materialsOf(db, draft.province_code, draft.id);
  const onceOnly = await onceOnlyFor(db, applicant, content, givenMaterials(draft, materials));
  const problems = submissionProblems(content, draft, materials, coveredBy(onceOnly));
  if (problems.length > 0) throw errors.validation(problems);
  const rules = await rulesFor(db, applicant, content, draft.data);
  // The applicant signs the commitment at the window, in front of the clerk.
  const commitment: Commitment | null = draft.commitment
    ? {
        text: commitmentText(content, draft.commitment.materials),
        materials: draft.commitment.materials,
        signedAt: draft.commitment.signedAt,
        signedBy: applicant.id,
        checkDue: true,
      }
    : null;
  const engine: EngineDeps = {
    jobs: deps.jobs,
    config: deps.config,
    ...(deps.requestId ? { requestId: deps.requestId } : {}),
  };
  try {
    const { row, created } = await openCase(
      db,
      engine,
      actor,
      {
        applicable,
        applicant,
        submitter: { kind: "staff", id: actor.id },
        mandateId: null,
        channel: draft.channel,
        siteId: draft.site_id,
        data: draft.data,
        materials: [
          ...caseMaterials(content, filesOf(materials), draft.commitment?.materials ?? []),
          ...fetchedMaterials(onceOnly),
        ],
        avoided: avoidedBy(onceOnly, applicable.offering.departmentId),
        rules: rules?.verdict,
        commitment,
        delivery: draft.delivery ?? { method: "pickup" },
        idempotencyKey,
        requestHash: idempotencyKey ? createHash("sha256").update(draft.id).digest("hex") : null,
        lookupTails: await lookupTailsOf(db, deps.config.personalDataKey, applicant, applicant.id),
      },
      async (tx: Executor, opened: CaseRow) => {
        // One draft, one case: a second press waits here for the first to commit, then gives way.
        const locked = await store.lockApplication(tx, draft.province_code, draft.id);
        if (locked?.case_id) throw new SubmittedMeanwhile(locked.case_id);
        if (locked?.status !== "draft") throw applicationErrors.notEditable([]);
        await store.updateApplication(tx, draft.province_code, draft.id, {
          status: "submitted",
          caseId: opened.id,
        });
        await windowStore.handToApplicant(tx, draft.province_code, draft.id);
        await logOnceOnly(tx, deps.requestId ?? null, opened, applicant, content, onceOnly);
        await logRules(tx, deps.requestId ?? null, opened, rules);
      },
    );
    return { caseId: row.id, number: row.number, created };
  } catch (error) {
    if (!(error instanceof SubmittedMeanwhile)) throw error;
    return { ...(await caseRef(db, actor, error.caseId)), created: false };
  }
}

/**
 * Whether the clerk may submit this draft: an offering on their branch of the region tree, or — taken in
 * for another region to handle (跨域通办) — at a site where they sit.
 */
async function authorizeTake(db: Executor, actor: Actor, siteId: string | null, offeringRegion: string) {
  const site = siteId ? await getSiteById(db, siteId) : undefined;
  if (site && !withinRegion(site.regionCode, offeringRegion)) {
    authorize(actor, "intake.site", { regionCode: site.regionCode });
  } else {
    authorize(actor, "intake.take", { regionCode: offeringRegion });
  }
}

/** The case a window submission made: for the clerk who submitted it, as if nothing else existed. */
async function caseRef(
  db: Executor,
  actor: Actor,
  caseId: string,
): Promise<{ caseId: string; number: string }> {
  const row = await loadCase(db, actor, caseId);
  authorize(actor, "intake.receipt", { submitterKind: row.submitter_kind, submitterId: row.submitter_id });
  return { caseId: row.id, number: row.number };
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

class SubmittedMeanwhile extends Error {
  constructor(readonly caseId: string) {
    super("The application was submitted meanwhile");
  }
}
