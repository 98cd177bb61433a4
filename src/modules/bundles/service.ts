import { createHash } from "node:crypto";
import { Value } from "typebox/value";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { partyProvinces } from "../applicants/party-provinces-store.ts";
import { answerProblems, unknownFields } from "../applications/answers.ts";
import type { ApplyFor } from "../applications/service.ts";
import type { SubmitDeps } from "../applications/submit.ts";
import {
  checkSubmission,
  openSubmission,
  type PreparedSubmission,
  type SubmissionInput,
  submissionHash,
} from "../applications/submit-once.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import type { Delivery } from "../cases/tables.ts";
import { type OfferingRecord, offeringsNear } from "../catalog/service.ts";
import { definitionProblems } from "./check.ts";
import { type BundleChild, BundleDefinition, childAnswers, combinedField } from "./definition.ts";
import { bundleErrors } from "./errors.ts";
import { type BundleStatus, combinedStatus } from "./status.ts";
import * as store from "./store.ts";

export type { BundleStatus, ChildProgress, NextStep } from "./status.ts";
export type { Bundle, BundleApplication, ChildCase } from "./store.ts";

export interface Origin {
  requestId?: string | undefined;
}

const CODE = /^[a-z][a-z0-9_-]{1,59}$/;

// — definitions —

/**
 * Defines a bundle, or replaces its definition with the next version (applications made already keep
 * the children they opened). Every problem is told at once: a child item that is not published, a
 * mapping naming a field or material that one side does not have.
 */
export async function defineBundle(
  db: Db,
  actor: Actor,
  code: string,
  body: { ownerRegionCode: string; definition: unknown },
  origin: Origin = {},
): Promise<{ bundle: store.Bundle; created: boolean }> {
  authorize(actor, "bundle.define", "any");
  const problems: FieldProblem[] = [];
  if (!CODE.test(code)) problems.push({ field: "/code", message: "is 2 to 60 of a-z, 0-9, _ and -" });
  const definition = body.definition;
  if (!Value.Check(BundleDefinition, definition)) {
    for (const e of [...Value.Errors(BundleDefinition, definition)].slice(0, 50)) {
      problems.push({ field: `/definition${e.instancePath}`, message: e.message });
    }
    throw errors.validation(problems);
  }
  problems.push(...(await definitionProblems(db, definition)));
  if (problems.length > 0) throw errors.validation(problems);
  const existing = await store.findBundle(db, code);
  const owner = existing?.ownerRegionCode ?? body.ownerRegionCode;
  authorize(actor, "bundle.define", { ownerRegionCode: owner });
  return db.transaction().execute(async (tx) => {
    const saved = await store.upsertBundle(tx, {
      code,
      ownerRegionCode: owner,
      definition,
      createdBy: actor.kind === "staff" ? actor.id : null,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "bundle.define",
      subjectKind: "bundle",
      subjectId: saved.bundle.id,
      regionCode: owner,
      requestId: origin.requestId ?? null,
      details: { code, version: saved.bundle.version, children: definition.children.map((c) => c.itemCode) },
    });
    return saved;
  });
}

/** Where each child item can be applied for by someone of `regionCode`: its nearest active offering. */
async function childOfferings(
  db: Executor,
  bundle: store.Bundle,
  regionCode: string,
): Promise<(OfferingRecord | undefined)[]> {
  return Promise.all(
    bundle.definition.children.map(async (child) => {
      const offerings = await offeringsNear(db, child.itemCode, regionCode).catch(() => []);
      return offerings.find((o) => o.status === "active");
    }),
  );
}

export interface BundleOffer {
  bundle: store.Bundle;
  /** Each child's offering in the region asked about (undefined: not offered there), when one was asked. */
  offerings: (OfferingRecord | undefined)[] | null;
  /** A bundle is offered in a region when every child item is. */
  offered: boolean | null;
}

/** Every bundle; with a region, only those offered there (every child item offered in it or above it). */
export async function listBundles(db: Executor, regionCode?: string): Promise<BundleOffer[]> {
  const bundles = await store.listBundles(db);
  if (!regionCode) return bundles.map((bundle) => ({ bundle, offerings: null, offered: null }));
  const offers = await Promise.all(bundles.map((bundle) => offerOf(db, bundle, regionCode)));
  return offers.filter((o) => o.offered);
}

async function offerOf(db: Executor, bundle: store.Bundle, regionCode: string): Promise<BundleOffer> {
  const offerings = await childOfferings(db, bundle, regionCode);
  return { bundle, offerings, offered: offerings.every((o) => o !== undefined) };
}

export async function getBundle(db: Executor, code: string, regionCode?: string): Promise<BundleOffer> {
  const bundle = CODE.test(code) ? await store.findBundle(db, code) : undefined;
  if (!bundle) throw bundleErrors.notFound();
  return regionCode ? offerOf(db, bundle, regionCode) : { bundle, offerings: null, offered: null };
}

// — applying —

export interface BundleSubmission {
  regionCode: string;
  applyFor?: ApplyFor;
  answers: Record<string, unknown>;
  /** The materials asked once, by the bundle's own keys. */
  materials: { key: string; fileName?: string | undefined; content: Uint8Array }[];
  delivery?: Delivery | undefined;
}

function bundleHash(code: string, input: BundleSubmission): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([
      code,
      input.regionCode,
      input.applyFor ?? null,
      input.answers,
      input.delivery ?? null,
      input.materials.map((m) => [m.key, m.fileName ?? null]),
    ]),
  );
  for (const m of input.materials) hash.update(m.content);
  return hash.digest("hex");
}

/** What one child is applied with: the combined answers and materials its mappings name. */
function childSubmission(
  child: BundleChild,
  offering: OfferingRecord,
  input: BundleSubmission,
): SubmissionInput {
  return {
    offeringId: offering.id,
    ...(input.applyFor ? { applyFor: input.applyFor } : {}),
    answers: childAnswers(child, input.answers),
    materials: input.materials.flatMap((m) => {
      const own = child.materials[m.key];
      return own ? [{ key: own, fileName: m.fileName, content: m.content }] : [];
    }),
    delivery: input.delivery,
  };
}

/**
 * Applies for a bundle in one submission (一件事一次办). Every child is checked first and every problem
 * told at once, each named by the combined form's field or the bundle's material; only then are the
 * child cases opened, one ordinary case per item in its own department, each with an idempotency key
 * derived from the bundle application's — so a retry with the same Idempotency-Key after a crash opens
 * the children still missing and never a second of any. The same key with another request is refused.
 */
export async function applyForBundle(
  db: Db,
  deps: SubmitDeps,
  actor: Actor,
  code: string,
  input: BundleSubmission,
  idempotencyKey: string,
): Promise<{ application: store.BundleApplication; created: boolean }> {
  authorize(actor, "bundle.apply");
  if (actor.kind !== "person") throw errors.forbidden();
  const { bundle, offerings, offered } = await getBundle(db, code, input.regionCode);
  const hash = bundleHash(code, input);
  const existing = await store.findApplicationByKey(
    db,
    await partyProvinces(db, { kind: "person", id: actor.id }),
    actor.id,
    idempotencyKey,
  );
  if (existing && existing.requestHash !== hash) throw bundleErrors.idempotencyMismatch();
  if (!offered || !offerings) {
    throw errors.validation([
      {
        field: "/regionCode",
        message: `not every item of this bundle is offered there (${bundle.definition.children
          .filter((_c, i) => !offerings?.[i])
          .map((c) => c.itemCode)
          .join(", ")})`,
      },
    ]);
  }
  const definition = bundle.definition;
  const opened = existing
    ? new Set(((await store.childrenOf(db, [existing])).get(existing.id) ?? []).map((c) => c.position))
    : new Set<number>();

  const problems: FieldProblem[] = [
    ...unknownFields(definition.form, input.answers),
    ...answerProblems(definition.form, input.answers),
  ];
  const known = new Set(definition.materials.map((m) => m.key));
  for (const m of input.materials.filter((x) => !known.has(x.key))) {
    problems.push({ field: `/materials/${m.key}`, message: "is not a material of this bundle" });
  }
  const children: {
    position: number;
    child: BundleChild;
    submission: SubmissionInput;
    prepared?: PreparedSubmission;
  }[] = [];
  for (const [position, child] of definition.children.entries()) {
    if (opened.has(position)) continue;
    const submission = childSubmission(child, offerings[position] as OfferingRecord, input);
    const checked = await checkSubmission(db, deps, actor, submission);
    for (const p of checked.problems) {
      problems.push({ field: combinedField(child, p.field), message: p.message });
    }
    children.push({
      position,
      child,
      submission,
      ...(checked.prepared ? { prepared: checked.prepared } : {}),
    });
  }
  const told = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.field}\n${p.message}`;
    if (told.has(key)) return false;
    told.add(key);
    return true;
  });
  if (unique.length > 0) throw errors.validation(unique);

  const first = children[0]?.prepared;
  const application =
    existing ??
    (await store.insertApplication(db, {
      bundleId: bundle.id,
      bundleCode: bundle.code,
      bundleVersion: bundle.version,
      bundleName: definition.name,
      regionCode: offerings[0]?.regionCode ?? input.regionCode,
      applicant: first
        ? { kind: first.applicant.kind, id: first.applicant.id, name: first.applicant.name }
        : { kind: "person", id: actor.id, name: actor.name },
      submitterId: actor.id,
      requestHash: hash,
      data: input.answers,
      childCount: definition.children.length,
      idempotencyKey,
    }));
  for (const { position, child, submission, prepared } of children) {
    if (!prepared) continue;
    await openSubmission(
      db,
      deps,
      actor,
      prepared,
      {
        idempotencyKey: `bundle:${application.id}:${position}`,
        requestHash: submissionHash(submission),
        replayChecked: false,
      },
      (tx, row) =>
        store.linkChild(tx, {
          applicationId: application.id,
          position,
          itemCode: child.itemCode,
          caseId: row.id,
          regionCode: row.region_code,
        }),
    );
  }
  return { application, created: !existing };
}

// — following —

export interface BundleApplicationView {
  application: store.BundleApplication;
  children: store.ChildCase[];
  status: BundleStatus;
}

async function view(db: Db, application: store.BundleApplication): Promise<BundleApplicationView> {
  let current = application;
  let children = (await store.childrenOf(db, [application])).get(application.id) ?? [];
  const allClosed = children.length === application.childCount && children.every((c) => c.closedAt !== null);
  if (current.settledAt === null && allClosed) {
    // The last child closed since the settling job last ran: record the times now, once.
    await store.settleClosed(db, application);
    current = (await store.findApplication(db, application.id)) ?? current;
    children = (await store.childrenOf(db, [application])).get(application.id) ?? [];
  }
  return { application: current, children, status: combinedStatus(children, current.childCount) };
}

/** One bundle application with each child's state and the combined status; anyone else's does not exist. */
export async function getBundleApplication(db: Db, actor: Actor, id: string): Promise<BundleApplicationView> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const application = isUuid(id) ? await store.findApplication(db, id) : undefined;
  if (!application) throw bundleErrors.applicationNotFound();
  const personIds = [application.submitterId];
  if (application.applicant.kind === "person") personIds.push(application.applicant.id);
  authorize(actor, "bundle.track", { personIds });
  return view(db, application);
}

/** The bundle applications one submitted, newest first, each with its combined status. */
export async function myBundleApplications(
  db: Db,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<BundleApplicationView[]> {
  authorize(actor, "bundle.apply");
  if (actor.kind !== "person") throw errors.forbidden();
  const provinces = await partyProvinces(db, { kind: "person", id: actor.id });
  const applications = await store.applicationsOf(db, provinces, actor.id, page);
  const children = await store.childrenOf(db, applications);
  return applications.map((application) => {
    const own = children.get(application.id) ?? [];
    return { application, children: own, status: combinedStatus(own, application.childCount) };
  });
}

/** Records the times of every bundle whose last child has closed (the settling job's work). */
export function settleBundles(db: Executor): Promise<number> {
  return store.settleClosed(db);
}

/**
 * Defines a bundle unless one of its code exists (the demo's seeding, rerun on every start): checked as
 * an administrator's definition would be. True when it was made now.
 */
export async function seedBundle(
  db: Db,
  code: string,
  ownerRegionCode: string,
  definition: BundleDefinition,
): Promise<boolean> {
  if (await store.findBundle(db, code)) return false;
  const problems = await definitionProblems(db, definition);
  if (problems.length > 0) {
    throw new Error(
      `Bundle ${code} is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
    );
  }
  const { created } = await store.upsertBundle(db, { code, ownerRegionCode, definition, createdBy: null });
  return created;
}
