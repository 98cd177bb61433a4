import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { contactOf } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { latestAnswers, loadCase } from "../cases/service.ts";
import type { CaseChannel } from "../cases/tables.ts";
import { applicableOffering } from "../catalog/service.ts";
import { prefill } from "./answers.ts";
import { applicationErrors } from "./errors.ts";
import { type Applicant, checkAudience, makeApplication, newApplication } from "./service.ts";
import * as store from "./store.ts";
import type { ApplicationRow } from "./tables.ts";
import * as windowStore from "./window-store.ts";

/**
 * Applying at a window (窗口受理): a clerk writes the draft for a person standing in front of them —
 * the same form, the same checks, the same case as online. The draft is the clerk's (owner "staff"),
 * the applicant is the person. Every function here expects its caller to have found the person
 * already, by their full ID number and with an audited purpose (the halls module's intake pass).
 */
export type WindowChannel = Extract<CaseChannel, "hall" | "village_point">;

/** Where the clerk sits: the site becomes the case's receiving office, its kind the channel. */
export interface WindowPlace {
  channel: WindowChannel;
  siteId: string;
}

/** The person as applicant: their contact is what the case's messages and lookups use. */
export async function personApplicant(db: Db, personId: string): Promise<Applicant> {
  const contact = await contactOf(db, personId);
  if (!contact) throw errors.notFound("person");
  return {
    kind: "person",
    id: contact.personId,
    name: contact.name,
    identifierMasked: contact.idNumberMasked,
    regionCode: contact.addressRegionCode,
    mandateId: null,
    contact,
  };
}

/** Starts a draft at a window for a person, filled with what Tongban already knows of them. */
export async function startAtWindow(
  db: Db,
  actor: Actor,
  input: {
    offeringId: string;
    personId: string;
    place: WindowPlace;
    /** Taken in for another region to handle (跨域通办): its offering need not be on the clerk's branch. */
    crossRegion?: boolean | undefined;
  },
): Promise<ApplicationRow> {
  authorize(actor, "intake.work");
  if (actor.kind !== "staff") throw errors.forbidden();
  const applicable = await applicableOffering(db, input.offeringId);
  if (!input.crossRegion) authorize(actor, "intake.take", { regionCode: applicable.offering.regionCode });
  const applicant = await personApplicant(db, input.personId);
  checkAudience(applicable.content, applicant);
  const contact = applicant.contact;
  const filled = prefill(applicable.content.form, {
    profile: { name: applicant.name, mobile: contact?.mobile ?? null, email: contact?.email ?? null },
    earlier: await latestAnswers(db, applicant),
  });
  const row = {
    ...newApplication(applicable, applicant, actor.id, {
      channel: input.place.channel,
      data: filled.data,
      prefilled: filled.sources,
    }),
    site_id: input.place.siteId,
    owner_kind: "staff" as const,
  };
  return db.transaction().execute((tx) => makeApplication(tx, row));
}

/**
 * A person's own draft, finished at a window: they show its number (or the number of its case) and
 * the clerk, having found them, takes it over. Only a draft whose applicant is that person can be
 * taken: anyone else's does not exist for this clerk (404), so a number seen over a shoulder is no use.
 * The draft keeps its answers and materials; the clerk becomes who submits it.
 */
export async function takeOverAtWindow(
  db: Db,
  actor: Actor,
  input: { reference: string; personId: string; place: WindowPlace; requestId?: string | undefined },
): Promise<ApplicationRow> {
  authorize(actor, "intake.work");
  if (actor.kind !== "staff") throw errors.forbidden();
  // The number typed, or the draft's address read from the QR code on the person's phone.
  const typed = input.reference.trim();
  const reference =
    typed.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0] ?? typed;
  const found = isUuid(reference)
    ? await store.findApplication(db, reference)
    : /^\d{14,26}$/.test(reference)
      ? await windowStore.findApplicationByCaseNumber(db, reference)
      : undefined;
  if (
    !found ||
    found.status === "abandoned" ||
    found.applicant_kind !== "person" ||
    found.applicant_id !== input.personId
  ) {
    throw errors.notFound("application");
  }
  authorize(actor, "intake.take", { regionCode: found.region_code });
  // A submitted application is its case's record — unless the case waits for a supplement (补正), which
  // the person may have corrected at the window as well as online.
  const correcting = found.status === "submitted" && (await waitsForSupplement(db, actor, found.case_id));
  if (found.status !== "draft" && !correcting) {
    throw applicationErrors.notEditable(found.case_id ? ["view_case"] : []);
  }
  if (found.owner_kind === "staff" && found.owner_id === actor.id) return found;
  return db.transaction().execute(async (tx) => {
    const row = await store.lockApplication(tx, found.province_code, found.id);
    if (!row) throw errors.notFound("application");
    if (row.status !== found.status) throw applicationErrors.notEditable(row.case_id ? ["view_case"] : []);
    // A correction keeps the channel and site it was submitted through: only who works on it changes.
    const taken = await windowStore.handToClerk(
      tx,
      row.province_code,
      row.id,
      actor.id,
      correcting ? undefined : input.place,
    );
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      onBehalfOf: row.applicant_id,
      action: "application.taken_over",
      subjectKind: "application",
      subjectId: row.id,
      personId: row.applicant_id,
      regionCode: row.region_code,
      requestId: input.requestId ?? null,
      details: { from: { kind: row.owner_kind, id: row.owner_id }, channel: input.place.channel },
    });
    return taken;
  });
}

async function waitsForSupplement(db: Db, actor: Actor, caseId: string | null): Promise<boolean> {
  return caseId !== null && (await loadCase(db, actor, caseId)).state === "supplement";
}

/** The clerk's drafts still being written, newest first. */
export async function windowDrafts(db: Db, actor: Actor) {
  authorize(actor, "intake.work");
  if (actor.kind !== "staff") throw errors.forbidden();
  return store.draftsOf(db, { kind: "staff", id: actor.id }, 50);
}
