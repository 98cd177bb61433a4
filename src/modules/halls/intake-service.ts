import type { Locale } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can, withinRegion } from "../../platform/policy.ts";
import type { ApplicationRow } from "../applications/tables.ts";
import { startAtWindow, takeOverAtWindow, type WindowPlace } from "../applications/window-service.ts";
import { caseReceipt } from "../cases/documents.ts";
import { loadCase } from "../cases/service.ts";
import { offeringsNear } from "../catalog/offerings.ts";
import { getRegion } from "../regions/service.ts";
import { intakeErrors } from "./intake-errors.ts";
import { personOfPass } from "./intake-pass.ts";
import { getSite, type Site } from "./sites.ts";

/**
 * Window intake (窗口受理): the clerk says where they sit, finds the person (intake-persons.ts), then
 * starts a draft for them or takes over the person's own — and the applications module does the rest,
 * as online. A draft started at a hall is submitted through channel "hall", at a service point through
 * "village_point".
 */
export async function intakeSite(
  db: Executor,
  actor: Actor,
  code: string,
): Promise<{ site: Site; place: WindowPlace }> {
  authorize(actor, "intake.work");
  const site = await getSite(db, code);
  authorize(actor, "intake.site", { regionCode: site.regionCode });
  return { site, place: { channel: site.kind === "point" ? "village_point" : "hall", siteId: site.id } };
}

export interface IntakeStart {
  pass: string | undefined;
  site: string;
  offering: string;
  /** The offering is another region's, to be handled there (跨域通办). */
  crossRegion?: boolean | undefined;
}

export async function startIntake(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: IntakeStart,
): Promise<ApplicationRow> {
  const { place } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  return startAtWindow(db, actor, {
    offeringId: input.offering,
    personId,
    place,
    crossRegion: input.crossRegion,
  });
}

export interface IntakeTakeOver {
  pass: string | undefined;
  site: string;
  /** The draft's id, or the number of its case, as the person shows it. */
  application: string;
}

export async function takeOverIntake(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: IntakeTakeOver,
  requestId?: string,
): Promise<ApplicationRow> {
  const { place } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  return takeOverAtWindow(db, actor, { reference: input.application, personId, place, requestId });
}

/** The receipt (申请回执) printed at the window, for the clerk who submitted the case. */
export async function intakeReceipt(
  db: Executor,
  actor: Actor,
  caseRef: string,
  locale: Locale,
  baseUrl: string,
): Promise<{ number: string; pdf: Uint8Array }> {
  authorize(actor, "intake.work");
  const row = await loadCase(db, actor, caseRef);
  authorize(actor, "intake.receipt", { submitterKind: row.submitter_kind, submitterId: row.submitter_id });
  return caseReceipt(db, actor, row.id, locale, baseUrl);
}

function clerkId(actor: Actor): string {
  if (actor.kind !== "staff") throw new Error("intake.work lets staff alone through");
  return actor.id;
}

/**
 * Starts a draft by the item's code, as a clerk types it from the catalogue: through the offering
 * nearest the site that the clerk may take in (the site's own region first, then the regions above).
 * With `handlingRegion` — the person's own county, say, or another province's — the item is taken in
 * here and handled there (跨域通办): through the offering nearest that region, refused with the reason
 * when neither it nor a region above it offers the item.
 */
export async function startIntakeByItem(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: { pass: string | undefined; site: string; item: string; handlingRegion?: string | undefined },
): Promise<ApplicationRow> {
  const { site, place } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  const code = input.item.trim();
  if (!code) throw errors.validation([{ field: "/item", message: "is required" }]);
  const handling = input.handlingRegion?.trim();
  if (handling) {
    const region = await getRegion(db, actor, handling).catch(() => undefined);
    if (!region) throw errors.validation([{ field: "/handlingRegion", message: "names no region" }]);
    const [nearest] = await offeringsNear(db, code, handling);
    if (!nearest) throw intakeErrors.notOfferedThere(code, region.name);
    const crossRegion = !withinRegion(site.regionCode, nearest.regionCode);
    return startAtWindow(db, actor, { offeringId: nearest.id, personId, place, crossRegion });
  }
  const offerings = await offeringsNear(db, code, site.regionCode);
  const offering = offerings.find((o) => can(actor, "intake.take", { regionCode: o.regionCode }));
  if (!offering) throw errors.notFound("offering");
  return startAtWindow(db, actor, { offeringId: offering.id, personId, place });
}
