import type { Locale } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import type { ApplicationRow } from "../applications/tables.ts";
import { startAtWindow, takeOverAtWindow, type WindowChannel } from "../applications/window-service.ts";
import { caseReceipt } from "../cases/documents.ts";
import { loadCase } from "../cases/service.ts";
import { offeringsNear } from "../catalog/offerings.ts";
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
): Promise<{ site: Site; channel: WindowChannel }> {
  authorize(actor, "intake.work");
  const site = await getSite(db, code);
  authorize(actor, "intake.site", { regionCode: site.regionCode });
  return { site, channel: site.kind === "point" ? "village_point" : "hall" };
}

export interface IntakeStart {
  pass: string | undefined;
  site: string;
  offering: string;
}

export async function startIntake(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: IntakeStart,
): Promise<ApplicationRow> {
  const { channel } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  return startAtWindow(db, actor, { offeringId: input.offering, personId, channel });
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
  const { channel } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  return takeOverAtWindow(db, actor, { reference: input.application, personId, channel, requestId });
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
 */
export async function startIntakeByItem(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: { pass: string | undefined; site: string; item: string },
): Promise<ApplicationRow> {
  const { site, channel } = await intakeSite(db, actor, input.site);
  const personId = personOfPass(key, clerkId(actor), input.pass);
  const code = input.item.trim();
  if (!code) throw errors.validation([{ field: "/item", message: "is required" }]);
  const offerings = await offeringsNear(db, code, site.regionCode);
  const offering = offerings.find((o) => can(actor, "intake.take", { regionCode: o.regionCode }));
  if (!offering) throw errors.notFound("offering");
  return startAtWindow(db, actor, { offeringId: offering.id, personId, channel });
}
