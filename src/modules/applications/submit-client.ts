import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { checkIdNumber } from "../../platform/personal-data.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import { caseErrors } from "../cases/errors.ts";
import { type CaseRow, caseForKey, loadCase } from "../cases/service.ts";
import type { Delivery } from "../cases/tables.ts";
import { applicableOffering } from "../catalog/service.ts";
import { applicationErrors } from "./errors.ts";
import { putStoredMaterial } from "./materials.ts";
import type { Applicant } from "./service.ts";
import { saveDraft } from "./service.ts";
import * as store from "./store.ts";
import { resubmitApplication, type SubmitDeps } from "./submit.ts";
import { checkSubmission, openSubmission, type SubmissionInput, submissionHash } from "./submit-once.ts";
import { personApplicant } from "./window-service.ts";

/**
 * Applying for someone else as a department's system (docs/govstack-design.md, sections 2.6–2.8): the
 * system names the applicant by their resident ID number, submits with its own credentials and becomes
 * the case's submitter (`submitter_kind` "client"), so it follows the case and corrects it when the
 * department asks for a supplement — exactly as a person who applied online, with the same checks.
 */

/** A file that passed the upload gate already (checked, scanned, stored by content), for one material. */
export interface StoredMaterial {
  key: string;
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  activeContent: boolean;
}

/**
 * The person a resident ID number (GB 11643) belongs to, when they have an account; anything else — an
 * e-mail address included, which `findPersonByIdentifier` would take — names nobody here.
 */
export async function applicantByIdNumber(
  db: Executor,
  key: Buffer,
  idNumber: string,
): Promise<Applicant | undefined> {
  if (!checkIdNumber(idNumber.trim()).ok) return undefined;
  const person = await findPersonByIdentifier(db, key, idNumber);
  return person ? personApplicant(db, person.id) : undefined;
}

/** What a system says when the number it gave is no one's: the person has to sign up first. */
const unknownApplicant = (field: string) =>
  errors.validation([
    {
      field,
      message:
        "is not a resident ID number of someone with a Tongban account: the person signs up online or at a window first",
    },
  ]);

/**
 * The native one-request submission (POST /submissions with `for: { idNumber }`) as a system makes it:
 * the materials come base64-encoded and go through the upload gate like a person's.
 */
export async function submitOnceAsClient(
  db: Db,
  deps: SubmitDeps,
  client: Actor,
  input: SubmissionInput,
  idempotencyKey: string,
): Promise<{ row: CaseRow; created: boolean }> {
  authorize(client, "application.submit");
  if (client.kind !== "client") throw errors.forbidden();
  if (input.applyFor || input.applicantIdNumber === undefined) {
    throw errors.validation([
      { field: "/for", message: "a system names the person it applies for: give `for: { idNumber }`" },
    ]);
  }
  const applicant = await applicantByIdNumber(db, deps.config.personalDataKey, input.applicantIdNumber);
  if (!applicant) throw unknownApplicant("/for/idNumber");
  return submitChecked(db, deps, client, applicant, input, {
    idempotencyKey,
    requestHash: submissionHash(input),
  });
}

/**
 * Submits for an applicant the caller has found (by `applicantByIdNumber`, or a GovStack identity's
 * stand-in person), with files stored already. Every problem at once (400); a retry with the same
 * Idempotency-Key answers with the case the first attempt made, the same key with another request 422.
 * `alongside` runs in the case's transaction (the GovStack façade records its file there).
 */
export async function submitForApplicant(
  db: Db,
  deps: SubmitDeps,
  client: Actor,
  applicant: Applicant,
  input: {
    offeringId: string;
    answers: Record<string, unknown>;
    storedMaterials: StoredMaterial[];
    delivery?: Delivery | undefined;
  },
  options: { idempotencyKey: string | null; alongside?: (tx: Executor, row: CaseRow) => Promise<void> },
): Promise<{ row: CaseRow; created: boolean }> {
  authorize(client, "application.submit");
  if (client.kind !== "client") throw errors.forbidden();
  const request: SubmissionInput = {
    offeringId: input.offeringId,
    answers: input.answers,
    materials: [],
    storedMaterials: input.storedMaterials,
    delivery: input.delivery,
  };
  // The applicant is part of the request: the same key for another person is another request. The files
  // are not: a retry's documents were used by the attempt that made the case, and may come back as
  // references rather than files — the answers and the applicant tell a retry from another request.
  const requestHash = createHash("sha256")
    .update(JSON.stringify({ applicant: applicant.id, offering: input.offeringId, answers: input.answers }))
    .digest("hex");
  return submitChecked(
    db,
    deps,
    client,
    applicant,
    request,
    { idempotencyKey: options.idempotencyKey, requestHash },
    options.alongside,
  );
}

async function submitChecked(
  db: Db,
  deps: SubmitDeps,
  client: Extract<Actor, { kind: "client" }>,
  applicant: Applicant,
  input: SubmissionInput,
  key: { idempotencyKey: string | null; requestHash: string },
  alongside?: (tx: Executor, row: CaseRow) => Promise<void>,
): Promise<{ row: CaseRow; created: boolean }> {
  if (key.idempotencyKey) {
    // A system's case lies in its offering's province; the replay is looked for there, before any check.
    const { offering } = await applicableOffering(db, input.offeringId);
    const existing = await caseForKey(
      db,
      { kind: "client", id: client.id, province: provinceOf(offering.regionCode) },
      key.idempotencyKey,
    );
    if (existing) {
      if (existing.request_hash !== key.requestHash) throw caseErrors.idempotencyMismatch();
      return { row: existing, created: false };
    }
  }
  const checked = await checkSubmission(db, deps, client, input, applicant);
  if (!checked.prepared) throw errors.validation(checked.problems);
  return openSubmission(db, deps, client, checked.prepared, { ...key, replayChecked: true }, alongside);
}

/**
 * The correction a system makes when the department asked for a supplement (补正), on the application
 * record its submission left — as a person corrects online: the answers saved (kept whatever their
 * problems), the stored files put in place of the materials, then the resubmission, which lists every
 * problem still standing. The case returns to where it was, its event by the system.
 */
export async function correctForApplicant(
  db: Db,
  deps: SubmitDeps,
  client: Actor,
  caseId: string,
  correction: { answers: Record<string, unknown>; storedMaterials: StoredMaterial[] },
  alongside?: (tx: Executor, row: CaseRow) => Promise<void>,
): Promise<CaseRow> {
  if (client.kind !== "client") throw errors.forbidden();
  const row = await loadCase(db, client, caseId);
  const application = await store.findApplicationOfCase(db, row.province_code, row.id);
  // Seen as a worker, the case is not this system's to correct.
  if (application?.owner_kind !== "client" || application.owner_id !== client.id) throw errors.forbidden();
  authorize(client, "application.submit");
  if (row.state !== "supplement") throw applicationErrors.noSupplementPending();
  await saveDraft(db, client, application.id, { answers: correction.answers });
  for (const material of correction.storedMaterials) {
    await putStoredMaterial(db, client, application.id, material);
  }
  return resubmitApplication(db, deps, client, application.id, alongside);
}
