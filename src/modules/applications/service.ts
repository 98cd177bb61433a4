import type { Insertable } from "kysely";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { getOrganisation } from "../applicants/organisations.ts";
import { noteParty, partyProvinces } from "../applicants/party-provinces-store.ts";
import { type Contact, contactOf } from "../applicants/service.ts";
import { latestAnswers, loadCase } from "../cases/service.ts";
import type { Delivery } from "../cases/tables.ts";
import type { ItemContent } from "../catalog/content.ts";
import { type Applicable, applicableOffering, versionContent } from "../catalog/service.ts";
import { requireMandate } from "../mandates/acting.ts";
import { answerProblems, prefill, readOnlyFields, unknownFields } from "./answers.ts";
import { applicationErrors } from "./errors.ts";
import * as store from "./store.ts";
import type { ApplicationRow, ApplicationTable } from "./tables.ts";

/** Whom an application is for: the signed-in person, an organisation they act for, or a principal. */
export type ApplyFor = { organisation: string } | { principal: string } | undefined;

export interface Applicant {
  kind: "person" | "organisation";
  id: string;
  name: string;
  identifierMasked: string | null;
  regionCode: string | null;
  mandateId: string | null;
  /** A person's contact, as read to know them: the case's messages go there. */
  contact?: Contact | undefined;
}

/**
 * Who the applicant is, checked as the act happens: an organisation's representative or agent whose
 * mandate covers the item; an agent whose mandate from the principal is in force and covers it.
 */
export async function resolveApplicant(
  db: Executor,
  actor: Actor,
  applyFor: ApplyFor,
  itemCode: string,
): Promise<Applicant> {
  if (actor.kind !== "person") throw errors.forbidden();
  if (applyFor && "organisation" in applyFor) {
    const organisation = await getOrganisation(db, actor, applyFor.organisation, itemCode);
    return {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: organisation.creditCode,
      regionCode: organisation.regionCode,
      mandateId: null,
    };
  }
  const mandate =
    applyFor && "principal" in applyFor
      ? await requireMandate(db, actor, applyFor.principal, itemCode)
      : null;
  const personId = mandate ? mandate.principalId : actor.id;
  const contact = await contactOf(db, personId);
  if (!contact) throw errors.notFound("account");
  return {
    kind: "person",
    id: personId,
    name: contact.name,
    identifierMasked: contact.idNumberMasked,
    regionCode: contact.addressRegionCode,
    mandateId: mandate?.id ?? null,
    contact,
  };
}

export function checkAudience(content: ItemContent, applicant: Applicant): void {
  const audience = applicant.kind === "person" ? "person" : "legal_person";
  if (!content.audience.includes(audience)) throw applicationErrors.wrongAudience(applicant.kind);
}

/** Starts a draft on an offering, filled with what Tongban already knows of the applicant. */
export async function startApplication(
  db: Db,
  actor: Actor,
  input: { offeringId: string; applyFor?: ApplyFor; channel?: "online" | "mobile" | "api" },
): Promise<ApplicationRow> {
  authorize(actor, "application.create");
  if (actor.kind !== "person") throw errors.forbidden();
  const applicable = await applicableOffering(db, input.offeringId);
  const applicant = await resolveApplicant(db, actor, input.applyFor, applicable.item.code);
  checkAudience(applicable.content, applicant);
  const contact = applicant.contact;
  const filled = prefill(applicable.content.form, {
    profile: contact
      ? { name: contact.name, mobile: contact.mobile, email: contact.email }
      : { name: applicant.name },
    earlier: await latestAnswers(db, applicant),
  });
  const row = newApplication(applicable, applicant, actor.id, {
    channel: input.channel ?? "online",
    data: filled.data,
    prefilled: filled.sources,
  });
  return db.transaction().execute((tx) => makeApplication(tx, row));
}

/** Makes an application; its applicant and its owner, when a person, find it in their own lists. */
export async function makeApplication(
  tx: Executor,
  row: Insertable<ApplicationTable>,
): Promise<ApplicationRow> {
  const saved = await store.insertApplication(tx, row);
  await noteParty(tx, { kind: saved.applicant_kind, id: saved.applicant_id }, saved.province_code);
  if (saved.owner_kind === "person" && saved.owner_id !== saved.applicant_id) {
    await noteParty(tx, { kind: "person", id: saved.owner_id }, saved.province_code);
  }
  return saved;
}

/** The row of a new application by a person for an applicant on an offering. */
export function newApplication(
  applicable: Applicable,
  applicant: Applicant,
  ownerId: string,
  fields: {
    channel: ApplicationRow["channel"];
    data: Record<string, unknown>;
    prefilled?: Record<string, string>;
    commitment?: ApplicationRow["commitment"];
    delivery?: Delivery | null;
    caseId?: string;
  },
): Insertable<ApplicationTable> {
  return {
    province_code: provinceOf(applicable.offering.regionCode),
    id: provinceId(provinceOf(applicable.offering.regionCode)),
    region_code: applicable.offering.regionCode,
    item_id: applicable.item.id,
    item_version: applicable.version,
    offering_id: applicable.offering.id,
    owner_kind: "person",
    owner_id: ownerId,
    applicant_kind: applicant.kind,
    applicant_id: applicant.id,
    mandate_id: applicant.mandateId,
    channel: fields.channel,
    data: JSON.stringify(fields.data),
    prefilled: JSON.stringify(fields.prefilled ?? {}),
    commitment: JSON.stringify(fields.commitment ?? null),
    delivery: JSON.stringify(fields.delivery ?? null),
    ...(fields.caseId ? { status: "submitted" as const, case_id: fields.caseId } : {}),
  };
}

/** A draft, for its owner alone; to anyone else it does not exist. */
export async function loadApplication(db: Executor, actor: Actor, id: string): Promise<ApplicationRow> {
  const row = isUuid(id) ? await store.findApplication(db, id) : undefined;
  if (!row || row.status === "abandoned") throw errors.notFound("application");
  authorize(actor, "application.edit", { ownerKind: row.owner_kind, ownerId: row.owner_id });
  return row;
}

/**
 * Whether the applicant may change it now: while a draft, and after submission only while the
 * department waits for a supplement (补正) — the correction is made in place, then resubmitted.
 */
export async function assertEditable(db: Executor, actor: Actor, row: ApplicationRow): Promise<void> {
  if (row.status === "draft") return;
  if (row.case_id) {
    const caseRow = await loadCase(db, actor, row.case_id);
    if (caseRow.state === "supplement") return;
  }
  throw applicationErrors.notEditable(row.case_id ? ["view_case"] : []);
}

export async function contentOf(db: Executor, row: ApplicationRow): Promise<ItemContent> {
  return versionContent(db, row.item_id, row.item_version);
}

export interface DraftChange {
  answers?: Record<string, unknown> | undefined;
  page?: number | undefined;
  delivery?: Delivery | null | undefined;
  version?: number | undefined;
}

/**
 * Saves a page: the answers given are merged into the draft whatever their problems — nothing typed
 * is lost — and the problems of those fields are returned for the page to show. Fields the form does
 * not have are refused; fields it fixes (`readOnly`) keep their prefilled answer.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  id: string,
  change: DraftChange,
): Promise<{ row: ApplicationRow; problems: FieldProblem[] }> {
  return db.transaction().execute(async (tx) => {
    const row = await loadApplication(tx, actor, id);
    await store.lockApplication(tx, row.province_code, row.id);
    await assertEditable(tx, actor, row);
    if (change.version !== undefined && change.version !== row.version) {
      throw errors.conflict("The application changed since you opened it: reload it and try again", [
        "reload",
      ]);
    }
    const content = await contentOf(tx, row);
    const answers = change.answers ?? {};
    const unknown = unknownFields(content.form, answers);
    if (unknown.length > 0) throw errors.validation(unknown);
    const fixed = readOnlyFields(content.form).filter((f) => row.prefilled[f] !== undefined);
    const data = { ...row.data };
    for (const [key, value] of Object.entries(answers)) {
      if (fixed.includes(key)) continue;
      if (value === null || value === "") delete data[key];
      else data[key] = value;
    }
    const problems = [
      ...answerProblems(content.form, data, Object.keys(answers)),
      ...deliveryProblems(change.delivery),
    ];
    const saved = await store.updateApplication(tx, row.province_code, row.id, {
      data,
      ...(change.page !== undefined ? { page: change.page } : {}),
      ...(change.delivery !== undefined ? { delivery: change.delivery } : {}),
    });
    return { row: saved, problems };
  });
}

/** Post needs an address, a recipient and a phone; download and pick-up need nothing more. */
export function deliveryProblems(delivery: Delivery | null | undefined): FieldProblem[] {
  if (delivery?.method !== "post") return [];
  return (["address", "recipient", "phone"] as const)
    .filter((f) => !delivery[f]?.trim())
    .map((f) => ({ field: `/delivery/${f}`, message: "is required for delivery by post" }));
}

/**
 * 告知承诺: the applicant signs the stated commitment in place of the materials named (or withdraws
 * it with an empty list). The case will be marked for a check after the decision.
 */
export async function setCommitment(
  db: Db,
  actor: Actor,
  id: string,
  materials: string[],
): Promise<ApplicationRow> {
  return db.transaction().execute(async (tx) => {
    const row = await loadApplication(tx, actor, id);
    await assertEditable(tx, actor, row);
    const content = await contentOf(tx, row);
    if (!content.commitmentAllowed) throw applicationErrors.commitmentNotAllowed();
    const keys = new Set(content.materials.map((m) => m.key));
    const unknown = materials.filter((m) => !keys.has(m));
    if (unknown.length > 0) {
      throw errors.validation(
        unknown.map((m) => ({ field: "/materials", message: `names no material of this service (${m})` })),
      );
    }
    return store.updateApplication(tx, row.province_code, row.id, {
      commitment:
        materials.length > 0
          ? { materials: [...new Set(materials)], signedAt: new Date().toISOString() }
          : null,
    });
  });
}

/** Gives up a draft; a submitted application is the case's record and stays. */
export async function abandonApplication(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await loadApplication(tx, actor, id);
    if (row.status !== "draft") throw applicationErrors.notEditable(["view_case"]);
    await store.updateApplication(tx, row.province_code, row.id, { status: "abandoned" });
  });
}

export async function myDrafts(db: Executor, actor: Actor) {
  authorize(actor, "application.create");
  if (actor.kind !== "person") throw errors.forbidden();
  const provinces = await partyProvinces(db, { kind: "person", id: actor.id });
  return store.draftsOf(db, { kind: "person", id: actor.id, provinces }, 50);
}

// What other modules use to apply for someone as a department's system (the GovStack façade among them).
export { storeUpload } from "./materials.ts";
export type { SubmitDeps } from "./submit.ts";
export {
  applicantByIdNumber,
  correctForApplicant,
  type StoredMaterial,
  submitForApplicant,
} from "./submit-client.ts";
export { personApplicant } from "./window-service.ts";
export type { Applicable };
