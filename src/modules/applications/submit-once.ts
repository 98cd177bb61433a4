import { createHash } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem, isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { caseErrors } from "../cases/errors.ts";
import { type CaseRow, caseForKey, latestProcess, openCase, uploadLimitOf } from "../cases/service.ts";
import type { Commitment, Delivery } from "../cases/tables.ts";
import { applicableOffering } from "../catalog/service.ts";
import { answerProblems, unknownFields } from "./answers.ts";
import { storeUpload } from "./materials.ts";
import {
  type ApplyFor,
  checkAudience,
  deliveryProblems,
  newApplication,
  resolveApplicant,
} from "./service.ts";
import * as store from "./store.ts";
import { caseMaterials, commitmentText, lookupTailsOf, type SubmitDeps } from "./submit.ts";

/** One request that applies: for integrators' front ends and for the submission benchmark. */
export interface SubmissionInput {
  offeringId: string;
  applyFor?: ApplyFor;
  answers: Record<string, unknown>;
  materials: { key: string; fileName?: string | undefined; content: Uint8Array }[];
  commitment?: string[] | undefined;
  delivery?: Delivery | undefined;
}

/**
 * Applies in one request. Everything is checked first and every problem told at once — answers,
 * materials, commitment, delivery — and nothing is kept of a refused request but the files' bytes
 * (stored by content, harmless). An accepted one becomes the case and its application record in one
 * transaction. The Idempotency-Key is required: a retry answers with the case the first attempt made,
 * and the same key with a different request is refused (422).
 */
export async function submitOnce(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  input: SubmissionInput,
  idempotencyKey: string,
): Promise<{ row: CaseRow; created: boolean }> {
  if (actor.kind !== "person") throw errors.forbidden();
  const hash = requestHash(input);
  const existing = await caseForKey(db, { kind: "person", id: actor.id }, idempotencyKey);
  if (existing) {
    if (existing.request_hash !== hash) throw caseErrors.idempotencyMismatch();
    return { row: existing, created: false };
  }
  const applicable = await applicableOffering(db, input.offeringId);
  const { content } = applicable;
  const applicant = await resolveApplicant(db, actor, input.applyFor, applicable.item.code);
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
  const process = await latestProcess(db, applicable.item.id);
  const limit = uploadLimitOf(process);
  const files: ({ key: string } & Awaited<ReturnType<typeof storeUpload>>)[] = [];
  for (const m of input.materials) {
    if (!known.has(m.key)) {
      problems.push({ field: `/materials/${m.key}`, message: "is not a material of this service" });
      continue;
    }
    try {
      files.push({
        key: m.key,
        ...(await storeUpload(db, deps.config, { bytes: m.content, filename: m.fileName }, limit)),
      });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      problems.push({ field: `/materials/${m.key}`, message: error.message });
    }
  }
  const covered = new Set([...files.map((f) => f.key), ...promised]);
  for (const m of content.materials.filter(
    (x) => x.required && !x.satisfiedBy?.form && !covered.has(x.key),
  )) {
    problems.push({ field: `/materials/${m.key}`, message: `is required: upload ${m.name.en || m.name.zh}` });
  }
  if (problems.length > 0) throw errors.validation(problems);

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
      submitter: { kind: "person", id: actor.id },
      mandateId: applicant.mandateId,
      channel: "api",
      data: input.answers,
      materials: caseMaterials(content, files, promised),
      commitment,
      delivery,
      idempotencyKey,
      replayChecked: true,
      definition: process,
      ...(applicant.contact ? { contacts: [applicant.contact] } : {}),
      requestHash: hash,
      lookupTails: await lookupTailsOf(db, deps.config.personalDataKey, applicant, actor.id),
    },
    // The application record: the same as a draft submitted from the pages would leave.
    async (tx: Executor, row: CaseRow) => {
      const application = await store.insertApplication(
        tx,
        newApplication(applicable, applicant, actor.id, {
          channel: "api",
          data: input.answers,
          commitment: promised.length > 0 ? { materials: promised, signedAt } : null,
          delivery,
          caseId: row.id,
        }),
      );
      await store.addMaterials(
        tx,
        files.map((f) => ({
          application_id: application.id,
          material_key: f.key,
          file_sha256: f.sha256,
          file_name: f.name,
          media_type: f.mediaType,
          size: f.size,
          active_content: f.activeContent,
        })),
      );
    },
  );
}

function requestHash(input: SubmissionInput): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({ ...input, materials: input.materials.map((m) => ({ key: m.key, name: m.fileName })) }),
  );
  for (const m of input.materials) hash.update(m.content);
  return hash.digest("hex");
}
