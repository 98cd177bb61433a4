import type { Executor } from "../../platform/db/database.ts";
import { recordAudit } from "../audit/service.ts";
import type { MaterialOrigin } from "../cases/tables.ts";
import type { Material } from "../catalog/content.ts";
import { type Licence, usableLicence } from "../licences/service.ts";
import { logRead } from "./service.ts";
import type { Registry, StoredRecord } from "./store.ts";
import * as store from "./store.ts";

/**
 * Once-only (免提交): a material the government holds already — an e-licence of the applicant's, or a
 * field of a registry record about them — is fetched at submission instead of uploaded. Expired and
 * revoked licences, retracted records and empty fields are never used: the applicant is asked to upload
 * instead, and told why.
 */

export interface Applicant {
  kind: "person" | "organisation";
  id: string;
}

/** A material fetched for a case: where it came from, and the read to log once the case exists. */
export interface Fetched {
  key: string;
  origin: MaterialOrigin;
  source:
    | { kind: "licence"; licence: Licence }
    | { kind: "registry"; registry: Registry; record: StoredRecord };
}

export type NotFetchedReason = "no_licence" | "no_record" | "field_empty" | "no_registry";

export interface NotFetched {
  key: string;
  reason: NotFetchedReason;
}

/** Materials this item lets the government's own data stand in for. */
function fetchable(materials: readonly Material[]): Material[] {
  return materials.filter((m) => m.satisfiedBy?.licenceType || m.satisfiedBy?.registry);
}

/**
 * Looks for each fetchable material among the applicant's licences and registry records. Nothing is
 * logged here: the reads are logged with the case that uses them (`logFetched`), so a submission
 * refused for another reason has read nothing on anyone's record.
 */
export async function fetchForApplicant(
  db: Executor,
  applicant: Applicant,
  materials: readonly Material[],
  now = new Date(),
): Promise<{ fetched: Fetched[]; missing: NotFetched[] }> {
  const fetched: Fetched[] = [];
  const missing: NotFetched[] = [];
  for (const m of fetchable(materials)) {
    const by = m.satisfiedBy ?? {};
    if (by.licenceType) {
      const licence = await usableLicence(db, applicant, by.licenceType, now);
      if (licence) {
        fetched.push({ key: m.key, origin: licenceOrigin(licence), source: { kind: "licence", licence } });
        continue;
      }
      if (!by.registry) {
        missing.push({ key: m.key, reason: "no_licence" });
        continue;
      }
    }
    const registry = by.registry ? await store.findRegistry(db, by.registry) : undefined;
    if (!registry) {
      missing.push({ key: m.key, reason: "no_registry" });
      continue;
    }
    const record = await store.findRecordOfSubject(db, registry.id, applicant);
    const fields = by.field ? [by.field] : registry.fields.map((f) => f.name);
    const values = record ? Object.fromEntries(fields.map((f) => [f, record.data[f] ?? null])) : {};
    if (!record) missing.push({ key: m.key, reason: "no_record" });
    else if (Object.values(values).some((v) => v === null || v === "")) {
      missing.push({ key: m.key, reason: "field_empty" });
    } else {
      fetched.push({
        key: m.key,
        origin: {
          kind: "registry",
          registry: registry.code,
          name: registry.name,
          departmentId: registry.departmentId,
          fields: values,
          version: record.version,
        },
        source: { kind: "registry", registry, record },
      });
    }
  }
  return { fetched, missing };
}

export function licenceOrigin(licence: Licence): MaterialOrigin {
  return {
    kind: "licence",
    licenceId: licence.id,
    licenceType: licence.type,
    title: licence.title,
    departmentId: licence.department.id,
  };
}

/**
 * Writes the reads a submission made into the audit trail, in the case's transaction: the person or
 * enterprise sees them under "who used my data", with the case and the material that needed them.
 */
export async function logFetched(
  tx: Executor,
  requestId: string | null,
  theCase: { id: string; number: string; regionCode: string },
  applicant: Applicant,
  fetched: readonly Fetched[],
  materialNames: ReadonlyMap<string, string>,
): Promise<void> {
  for (const f of fetched) {
    const purpose = `免提交：办件 ${theCase.number} 的材料《${materialNames.get(f.key) ?? f.key}》`;
    if (f.source.kind === "registry") {
      await logRead(tx, "system", requestId, {
        registry: f.source.registry,
        record: f.source.record,
        fields: Object.keys(f.origin.kind === "registry" ? f.origin.fields : {}),
        purpose,
        caseId: theCase.id,
        regionCode: theCase.regionCode,
        basis: { material: f.key },
      });
      continue;
    }
    const licence = f.source.licence;
    await recordAudit(tx, {
      actorKind: "system",
      action: "data_exchange.fetch",
      ...(applicant.kind === "person"
        ? { personId: applicant.id, subjectKind: "licence", subjectId: licence.id }
        : { subjectKind: "organisation", subjectId: applicant.id }),
      caseId: theCase.id,
      regionCode: theCase.regionCode,
      purpose,
      requestId,
      details: { licence: licence.id, licenceType: licence.type, material: f.key },
    });
  }
}

/**
 * Visits saved: each department whose paper the applicant no longer fetches in person, other than the
 * one handling the case.
 */
export function visitsAvoided(fetched: readonly Fetched[], handlingDepartmentId: string): number {
  const sources = new Set(fetched.map((f) => f.origin.departmentId));
  sources.delete(handlingDepartmentId);
  return sources.size;
}

/** A registry record read for instant approval's rules, to log with the case. */
export interface RuleRead {
  registry: Registry;
  record: StoredRecord;
  fields: string[];
}

/**
 * The registry values instant approval's rules ask for, about the applicant: each registry's record
 * cut to the fields the rules name (null where the registry holds no live record).
 */
export async function readForRules(
  db: Executor,
  applicant: Applicant,
  needed: ReadonlyMap<string, readonly string[]>,
): Promise<{ values: Record<string, Record<string, unknown> | null>; reads: RuleRead[] }> {
  const values: Record<string, Record<string, unknown> | null> = {};
  const reads: RuleRead[] = [];
  for (const [code, fields] of needed) {
    const registry = await store.findRegistry(db, code);
    const record = registry && (await store.findRecordOfSubject(db, registry.id, applicant));
    values[code] = record ? Object.fromEntries(fields.map((f) => [f, record.data[f] ?? null])) : null;
    if (registry && record) reads.push({ registry, record, fields: [...fields] });
  }
  return { values, reads };
}

/** Logs the rules' reads in the case's transaction, like once-only's. */
export async function logRuleReads(
  tx: Executor,
  requestId: string | null,
  theCase: { id: string; number: string; regionCode: string },
  reads: readonly RuleRead[],
): Promise<void> {
  for (const r of reads) {
    await logRead(tx, "system", requestId, {
      registry: r.registry,
      record: r.record,
      fields: r.fields,
      purpose: `秒批：核验办件 ${theCase.number} 的申请条件`,
      caseId: theCase.id,
      regionCode: theCase.regionCode,
      basis: { rule: r.fields.join(",") },
    });
  }
}
