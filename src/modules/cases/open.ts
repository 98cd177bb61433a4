import { blindIndex, blindIndexes } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { type Actor, withinRegion } from "../../platform/policy.ts";
import { noteParty, partyProvinces } from "../applicants/party-provinces-store.ts";
import type { Contact } from "../applicants/service.ts";
import { calendarFor } from "../calendar/cached.ts";
import { dayNumberOf, dayText } from "../calendar/days.ts";
import type { Applicable } from "../catalog/service.ts";
import { getSiteById } from "../halls/sites.ts";
import { type EngineDeps, Transition } from "./context.ts";
import { announce, auditTransition } from "./effects.ts";
import { caseErrors } from "./errors.ts";
import { decideInstantly, type RulesVerdict } from "./instant.ts";
import * as materialStore from "./materials-store.ts";
import { planCase, type StoredDefinition } from "./plan.ts";
import { shortToken } from "./short-links.ts";
import { startStage } from "./stages.ts";
import * as store from "./store.ts";
import type { CaseChannel, CaseMaterialInput, CaseRow, Commitment, Delivery } from "./tables.ts";

/** Everything a new case is made of; the applications module checks it before handing it over. */
export interface NewCase {
  applicable: Applicable;
  applicant: {
    kind: "person" | "organisation";
    id: string;
    name: string;
    identifierMasked: string | null;
    regionCode: string | null;
  };
  /** Who pressed submit: the applicant, their agent, a clerk at a window, or a department's system. */
  submitter: { kind: "person" | "staff" | "client"; id: string };
  mandateId: string | null;
  channel: CaseChannel;
  /** The hall or service point where it was received in person. */
  siteId?: string | null | undefined;
  data: Record<string, unknown>;
  materials: CaseMaterialInput[];
  commitment: Commitment | null;
  delivery: Delivery;
  idempotencyKey: string | null;
  /** The last 6 characters of the applicant's phone and ID (or credit code) number, for lookups. */
  lookupTails: string[];
  /** The item's newest process definition, when the caller read it already (null: it has none). */
  definition?: StoredDefinition | null | undefined;
  /** How to reach people the caller has looked up already: the notifications need not ask again. */
  contacts?: Contact[] | undefined;
  /** The caller has looked for a case made with the Idempotency-Key just now, and found none. */
  replayChecked?: boolean | undefined;
  /** A digest of the request: the same key with a different request is refused, not replayed. */
  requestHash: string | null;
  /** What the government's own data spared the applicant: materials not uploaded, visits not made. */
  avoided?: { materials: number; visits: number } | undefined;
  /** The item's instant-approval rules on this application: granted at once, or explained to a person. */
  rules?: RulesVerdict | undefined;
}

/** A case number: the handling region's code, the China date, and the day's sequence there. */
export function caseNumber(regionCode: string, at: Date, sequence: number): string {
  return `${regionCode}${dayText(dayNumberOf(at)).replaceAll("-", "")}${String(sequence).padStart(6, "0")}`;
}

/** What a progress lookup compares: a keyed digest of the case number and a tail, never the tail itself. */
export function lookupDigest(key: Buffer, number: string, tail: string): string {
  return blindIndex(key, "case-lookup", `${number}:${tail.trim().toUpperCase()}`);
}

/**
 * Every digest a lookup may match: a case keeps the digests it was opened with (the tails are not
 * stored to make them again), so those of a retired key answer as long as the key is kept.
 */
export function lookupDigests(key: Buffer, number: string, tail: string): string[] {
  return blindIndexes(key, "case-lookup", `${number}:${tail.trim().toUpperCase()}`);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "23505";
}

/**
 * Opens a case (申报): the plan is fixed, a number drawn, the intake task made, the first event
 * written, the applicant and the intake window told — all in one transaction, with `alongside` run in
 * it too (the application marks itself submitted there). A retried submission with the same
 * Idempotency-Key gets the case its first attempt made (`created: false`).
 */
export async function openCase(
  db: Db,
  deps: EngineDeps,
  actor: Actor,
  input: NewCase,
  alongside?: (tx: Executor, row: CaseRow) => Promise<void>,
): Promise<{ row: CaseRow; created: boolean }> {
  const replay = input.replayChecked ? undefined : await findReplay(db, input);
  if (replay) return { row: replay, created: false };
  const { item, version, content, offering } = input.applicable;
  const site = input.siteId ? await getSiteById(db, input.siteId) : undefined;
  // 跨域通办: received in person outside the handling region, the case is taken in and handed back there.
  const receiving =
    site && !withinRegion(site.regionCode, offering.regionCode)
      ? { departmentId: site.departmentId, regionCode: site.regionCode }
      : undefined;
  const { plan, definitionId } = await planCase(db, {
    itemId: item.id,
    itemCode: item.code,
    content,
    offering,
    offeringLine: input.applicable.departmentLine,
    stored: input.definition,
    receiving,
  });
  const now = deps.now ?? new Date();
  const number = caseNumber(
    offering.regionCode,
    now,
    await store.nextCaseSequence(db, offering.regionCode, dayText(dayNumberOf(now))),
  );
  const promised = Math.min(offering.promisedDays ?? content.promisedDays, content.statutoryDays);
  const delivery: Delivery =
    input.delivery.method === "pickup"
      ? // Picked up where it was applied for in person: at the hall, or brought to the village (送证上门).
        { ...input.delivery, hall: site ? site.name : (offering.hallName ?? offering.departmentName) }
      : input.delivery;
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await store.insertCase(tx, {
        number,
        province_code: provinceOf(offering.regionCode),
        id: provinceId(provinceOf(offering.regionCode)),
        region_code: offering.regionCode,
        item_id: item.id,
        item_version: version,
        item_code: item.code,
        item_name: JSON.stringify(content.name),
        item_type: content.type,
        offering_id: offering.id,
        definition_id: definitionId,
        plan: JSON.stringify(plan),
        applicant_kind: input.applicant.kind,
        applicant_id: input.applicant.id,
        applicant_name: input.applicant.name,
        applicant_identifier_masked: input.applicant.identifierMasked,
        applicant_region_code: input.applicant.regionCode,
        submitter_kind: input.submitter.kind,
        submitter_id: input.submitter.id,
        mandate_id: input.mandateId,
        channel: input.channel,
        site_id: input.siteId ?? null,
        state: "intake",
        data: JSON.stringify(input.data),
        commitment: JSON.stringify(input.commitment),
        delivery: JSON.stringify(delivery),
        submitted_at: now,
        promised_days: promised,
        statutory_days: content.statutoryDays,
        lookup_digests: input.lookupTails.map((tail) =>
          lookupDigest(deps.config.personalDataKey, number, tail),
        ),
        short_token: shortToken(deps.config.personalDataKey, number),
        idempotency_key: input.idempotencyKey,
        request_hash: input.requestHash,
        materials_avoided: input.avoided?.materials ?? 0,
        visits_avoided: input.avoided?.visits ?? 0,
      });
      await noteParties(tx, row);
      await materialStore.addMaterials(tx, row.id, row.region_code, input.materials);
      const onBehalfOf =
        input.applicant.kind === "organisation" || input.applicant.id !== input.submitter.id
          ? input.applicant.id
          : null;
      const calendar = await calendarFor(tx, row.region_code);
      const t = new Transition(tx, deps, actor, row, calendar, now, onBehalfOf, true);
      for (const contact of input.contacts ?? []) t.contacts.set(contact.personId, contact);
      t.happen(
        {
          action: "submit",
          data: {
            channel: input.channel,
            ...(site ? { site: site.code, crossRegion: receiving !== undefined } : {}),
            materials: input.materials.map((m) => ({ key: m.key, source: m.source })),
            commitment: input.commitment ? input.commitment.materials : [],
            ...(input.rules ? { rules: input.rules } : {}),
          },
        },
        "intake",
        null,
      );
      if (input.rules?.decision === "grant") await decideInstantly(t, input.rules);
      else await startStage(t, 0);
      const saved = await t.commit();
      await announce(t);
      await alongside?.(tx, saved);
      await auditTransition(t);
      return { row: saved, created: true };
    });
  } catch (error) {
    // Two attempts with one key at the same moment: the second finds what the first made.
    if (isUniqueViolation(error) && input.idempotencyKey) {
      const replayed = await findReplay(db, input);
      if (replayed) return { row: replayed, created: false };
    }
    throw error;
  }
}

/** The applicant, and the person who submitted for them, find the case in their own lists. */
async function noteParties(tx: Executor, row: CaseRow): Promise<void> {
  await noteParty(tx, { kind: row.applicant_kind, id: row.applicant_id }, row.province_code);
  if (row.submitter_kind === "person" && row.submitter_id !== row.applicant_id) {
    await noteParty(tx, { kind: "person", id: row.submitter_id }, row.province_code);
  }
}

/**
 * A person's earlier case may lie in any province they have cases in; a clerk's or a system's replay is
 * of the same submission, so of the same offering and province.
 */
async function findReplay(db: Db, input: NewCase): Promise<CaseRow | undefined> {
  if (!input.idempotencyKey) return undefined;
  const provinces =
    input.submitter.kind === "person"
      ? await partyProvinces(db, { kind: "person", id: input.submitter.id })
      : [provinceOf(input.applicable.offering.regionCode)];
  const existing = await store.findCaseByKey(db, provinces, input.submitter, input.idempotencyKey);
  if (existing && input.requestHash && existing.request_hash !== input.requestHash) {
    throw caseErrors.idempotencyMismatch();
  }
  return existing;
}
