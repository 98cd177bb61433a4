import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem, isAppError } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { caseErrors } from "../cases/errors.ts";
import { type CaseRow, caseForKey, latestProcess, openCase, uploadLimitOf } from "../cases/service.ts";
import type { Commitment, Delivery } from "../cases/tables.ts";
import { applicableOffering } from "../catalog/service.ts";
import { type Fetched, licenceOrigin } from "../exchange/once-only.ts";
import { offeredLicence } from "../licences/service.ts";
import { answerProblems, unknownFields } from "./answers.ts";
import { storeUpload } from "./materials.ts";
import {
  avoidedBy,
  coveredBy,
  fetchedMaterials,
  logOnceOnly,
  logRules,
  missingProblem,
  onceOnlyFor,
  rulesFor,
} from "./once-only.ts";
import {
  type Applicant,
  type ApplyFor,
  checkAudience,
  deliveryProblems,
  makeApplication,
  newApplication,
  resolveApplicant,
} from "./service.ts";
import * as store from "./store.ts";
import { caseMaterials, commitmentText, lookupTailsOf, type SubmitDeps } from "./submit.ts";
import type { StoredMaterial } from "./submit-client.ts";

/** One request that applies: for integrators' front ends and for the submission benchmark. */
export interface SubmissionInput {
  offeringId: string;
  applyFor?: ApplyFor;
  /** The person a department's system applies for, by their resident ID number (systems only). */
  applicantIdNumber?: string | undefined;
  answers: Record<string, unknown>;
  materials: { key: string; fileName?: string | undefined; content: Uint8Array }[];
  /** Files through the upload gate already (a system's uploaded documents), each for a material. */
  storedMaterials?: StoredMaterial[] | undefined;
  /** E-licences of the applicant's, each offered in place of a material's upload (免提交). */
  licences?: { key: string; licenceId: string }[] | undefined;
  commitment?: string[] | undefined;
  delivery?: Delivery | undefined;
  /** Received in person, at a hall or a service point: online (the API) otherwise. */
  receivedAt?: { channel: "hall" | "village_point"; siteId: string } | undefined;
}

/**
 * Applies in one request. Everything is checked first and every problem told at once — answers,
 * materials, commitment, delivery — and nothing is kept of a refused request but the files' bytes
 * (stored by content, harmless). An accepted one becomes the case and its application record in one
 * transaction. The Idempotency-Key is required: a retry answers with the case the first attempt made,
 * and the same key with a different request is refused (422). A department's system applies for the
 * person it names (submit-client.ts).
 */
export async function submitOnce(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  input: SubmissionInput,
  idempotencyKey: string,
): Promise<{ row: CaseRow; created: boolean }> {
  authorize(actor, "application.submit");
  if (actor.kind === "client") {
    const { submitOnceAsClient } = await import("./submit-client.ts");
    return submitOnceAsClient(db, deps, actor, input, idempotencyKey);
  }
  if (actor.kind !== "person") throw errors.forbidden();
  if (input.applicantIdNumber !== undefined) {
    throw errors.validation([
      {
        field: "/for/idNumber",
        message: "is for department systems: a person applies for themselves, an organisation or a principal",
      },
    ]);
  }
  const hash = submissionHash(input);
  const existing = await caseForKey(db, { kind: "person", id: actor.id }, idempotencyKey);
  if (existing) {
    if (existing.request_hash !== hash) throw caseErrors.idempotencyMismatch();
    return { row: existing, created: false };
  }
  const checked = await checkSubmission(db, deps, actor, input);
  if (!checked.prepared) throw errors.validation(checked.problems);
  return openSubmission(db, deps, actor, checked.prepared, { idempotencyKey, requestHash: hash });
}

/** A submission that passed every check: what its case is opened from. */
export interface PreparedSubmission {
  input: SubmissionInput;
  applicable: Awaited<ReturnType<typeof applicableOffering>>;
  applicant: Applicant;
  process: Awaited<ReturnType<typeof latestProcess>>;
  files: StoredMaterial[];
  promised: string[];
  onceOnly: Awaited<ReturnType<typeof onceOnlyFor>>;
  rules: Awaited<ReturnType<typeof rulesFor>>;
}

/**
 * The check phase of applying: every problem of the request at once, or the prepared submission. It
 * opens nothing, so a bundle can check all of its children before opening any (the uploads' bytes are
 * stored by content already, harmless). A person's applicant is resolved here; a system's is `named`
 * by the caller, who found them.
 */
export async function checkSubmission(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  input: SubmissionInput,
  named?: Applicant,
): Promise<
  { problems: FieldProblem[]; prepared?: undefined } | { problems: []; prepared: PreparedSubmission }
> {
  if (actor.kind !== "person" && actor.kind !== "client") throw errors.forbidden();
  const applicable = await applicableOffering(db, input.offeringId);
  const { content } = applicable;
  const applicant =
    actor.kind === "person" ? await resolveApplicant(db, actor, input.applyFor, applicable.item.code) : named;
  if (!applicant) throw errors.forbidden();
  checkAudience(content, applicant);

  const problems: FieldProblem[] = [
    ...unknownFields(content.form, input.answers),
    ...answerProblems(content.form, input.answers),
    ...deliveryProblems(input.delivery),
  ];
  const known = new Set(content.materials.map((m) => m.key));
  const promised = [...new Set(input.commitment ?? [])];
  if (promised.length > 0 && !content.commitmentAllowed) {
    problems.push({
      field: "/commitment",
      message: "this service takes no commitment in place of materials",
    });
  }
  for (const key of promised.filter((k) => !known.has(k))) {
    problems.push({ field: "/commitment", message: `names no material of this service (${key})` });
  }
  if (actor.kind === "client") problems.push(...onlyTheApplicants(input));
  const process = await latestProcess(db, applicable.item.id);
  const limit = uploadLimitOf(process);
  const files: StoredMaterial[] = [];
  for (const m of input.materials) {
    if (!known.has(m.key)) {
      problems.push({ field: `/materials/${m.key}`, message: "is not a material of this service" });
      continue;
    }
    try {
      files.push({
        key: m.key,
        ...(await storeUpload(db, deps.config, actor, { bytes: m.content, filename: m.fileName }, limit)),
      });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      problems.push({ field: `/materials/${m.key}`, message: error.message });
    }
  }
  for (const m of input.storedMaterials ?? []) {
    const problem = !known.has(m.key)
      ? "is not a material of this service"
      : files.some((f) => f.key === m.key)
        ? "is given more than once: give one file for each material"
        : m.size > limit
          ? `is larger than this service takes (${limit / 1024 / 1024} MB)`
          : undefined;
    if (problem) problems.push({ field: `/materials/${m.key}`, message: problem });
    else files.push(m);
  }
  const offered =
    actor.kind === "person"
      ? await offeredLicences(db, applicant, input.licences ?? [], known, problems)
      : [];
  const given = new Set([...files.map((f) => f.key), ...promised, ...offered.map((f) => f.key)]);
  const onceOnly = await onceOnlyFor(db, applicant, content, given);
  onceOnly.fetched.push(...offered);
  const covered = new Set([...given, ...onceOnly.fetched.map((f) => f.key)]);
  for (const m of content.materials.filter(
    (x) => x.required && !x.satisfiedBy?.form && !covered.has(x.key),
  )) {
    problems.push(missingProblem(content, m.key, coveredBy(onceOnly)));
  }
  if (problems.length > 0) return { problems };
  const rules = await rulesFor(db, applicant, content, input.answers);
  return {
    problems: [],
    prepared: { input, applicable, applicant, process, files, promised, onceOnly, rules },
  };
}

/**
 * What only the applicant can give: the signed commitment (告知承诺) and their own e-licences in place
 * of uploads. A system applying for them uploads the materials, or Tongban fetches them (免提交).
 */
function onlyTheApplicants(input: SubmissionInput): FieldProblem[] {
  return [
    ...((input.commitment ?? []).length > 0
      ? [
          {
            field: "/commitment",
            message: "is the applicant's own signature: a system cannot sign it for them",
          },
        ]
      : []),
    ...((input.licences ?? []).length > 0
      ? [
          {
            field: "/licences",
            message: "are offered by their holder: a system uploads the material instead",
          },
        ]
      : []),
  ];
}

const REFUSED: Record<string, string> = {
  not_found: "there is no such e-licence",
  not_holder: "the e-licence is not the applicant's",
  revoked: "the e-licence has been revoked: choose a valid one, or upload the material",
  expired: "the e-licence has expired: choose a valid one, or upload the material",
  not_yet_valid: "the e-licence is not valid yet: upload the material",
};

/** The licences offered in place of uploads, each checked: usable now and the applicant's own. */
async function offeredLicences(
  db: Executor,
  applicant: { kind: "person" | "organisation"; id: string },
  offers: readonly { key: string; licenceId: string }[],
  known: ReadonlySet<string>,
  problems: FieldProblem[],
): Promise<Fetched[]> {
  const fetched: Fetched[] = [];
  for (const [i, offer] of offers.entries()) {
    if (!known.has(offer.key)) {
      problems.push({ field: `/licences/${i}/key`, message: "is not a material of this service" });
      continue;
    }
    const found = await offeredLicence(db, offer.licenceId, applicant);
    if ("refused" in found) {
      problems.push({ field: `/licences/${i}/licenceId`, message: REFUSED[found.refused] ?? found.refused });
      continue;
    }
    fetched.push({
      key: offer.key,
      origin: licenceOrigin(found.licence),
      source: { kind: "licence", licence: found.licence },
    });
  }
  return fetched;
}

/**
 * The open phase: the case and its application record in one transaction, with `alongside` run in it
 * too (a bundle links its child there, so a case is never left out of its bundle). Whoever applies —
 * a person, or a department's system — is the case's submitter and the application record's owner.
 */
export async function openSubmission(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  prepared: PreparedSubmission,
  key: { idempotencyKey: string | null; requestHash: string; replayChecked?: boolean },
  alongside?: (tx: Executor, row: CaseRow) => Promise<void>,
): Promise<{ row: CaseRow; created: boolean }> {
  if (actor.kind !== "person" && actor.kind !== "client") throw errors.forbidden();
  const { input, applicable, applicant, process, files, promised, onceOnly, rules } = prepared;
  const { content } = applicable;
  const idempotencyKey = key.idempotencyKey;
  const hash = key.requestHash;
  const signedAt = new Date().toISOString();
  const commitment: Commitment | null =
    promised.length > 0
      ? {
          text: commitmentText(content, promised),
          materials: promised,
          signedAt,
          signedBy: actor.id,
          checkDue: true,
        }
      : null;
  const delivery = input.delivery ?? { method: "download" as const };
  return openCase(
    db,
    { jobs: deps.jobs, config: deps.config, ...(deps.requestId ? { requestId: deps.requestId } : {}) },
    actor,
    {
      applicable,
      applicant,
      submitter: { kind: actor.kind, id: actor.id },
      mandateId: applicant.mandateId,
      channel: input.receivedAt?.channel ?? "api",
      siteId: input.receivedAt?.siteId ?? null,
      data: input.answers,
      materials: [...caseMaterials(content, files, promised), ...fetchedMaterials(onceOnly)],
      avoided: avoidedBy(onceOnly, applicable.offering.departmentId),
      rules: rules?.verdict,
      commitment,
      delivery,
      idempotencyKey,
      replayChecked: key.replayChecked ?? true,
      definition: process,
      ...(applicant.contact ? { contacts: [applicant.contact] } : {}),
      requestHash: hash,
      lookupTails: await lookupTailsOf(db, deps.config.personalDataKey, applicant, actor.id),
    },
    // The application record: the same as a draft submitted from the pages would leave.
    async (tx: Executor, row: CaseRow) => {
      const application = await makeApplication(tx, {
        ...newApplication(applicable, applicant, actor.id, {
          channel: input.receivedAt?.channel ?? "api",
          data: input.answers,
          commitment: promised.length > 0 ? { materials: promised, signedAt } : null,
          delivery,
          caseId: row.id,
        }),
        owner_kind: actor.kind,
      });
      await store.addMaterials(
        tx,
        files.map((f) => ({
          province_code: application.province_code,
          application_id: application.id,
          material_key: f.key,
          file_sha256: f.sha256,
          file_name: f.name,
          media_type: f.mediaType,
          size: f.size,
          active_content: f.activeContent,
        })),
      );
      await alongside?.(tx, row);
      // Audit entries last: appending holds the audit chain's head until commit.
      await logOnceOnly(tx, deps.requestId ?? null, row, applicant, content, onceOnly);
      await logRules(tx, deps.requestId ?? null, row, rules);
    },
  );
}

/** A digest of the whole request, materials' bytes included: the same key with another request is refused. */
export function submissionHash(input: SubmissionInput): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({ ...input, materials: input.materials.map((m) => ({ key: m.key, name: m.fileName })) }),
  );
  for (const m of input.materials) hash.update(m.content);
  return hash.digest("hex");
}
