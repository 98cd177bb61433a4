import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { loadCase } from "../cases/service.ts";
import type { Text } from "../catalog/content.ts";
import { itemOfOffering, type OfferingRecord, offeringsNear, publicItem } from "../catalog/service.ts";
import { loadApplication } from "./service.ts";
import * as store from "./store.ts";
import type { ApplicationRow } from "./tables.ts";

/** What the pages need beyond what the API does: the application behind a case, and where an item went. */

/**
 * The application a case was made from, for the person who wrote it: the progress page's "correct
 * your application" and "resubmit" go through it. A case the reader may not see is not found.
 */
export async function applicationOfCase(db: Executor, actor: Actor, number: string): Promise<ApplicationRow> {
  const caseRow = await loadCase(db, actor, number);
  const row = await store.findApplicationOfCase(db, caseRow.province_code, caseRow.id);
  if (!row) throw errors.notFound("application");
  return loadApplication(db, actor, row.id);
}

export interface OfferedNow {
  code: string;
  name: Text;
  retired: boolean;
  /** The active offerings, nearest the reader first. */
  offerings: OfferingRecord[];
}

/**
 * Where an item is offered now, for an address that no longer takes applications (a withdrawn
 * offering, a retired item). Undefined when the offering never existed.
 */
export async function whereOfferedNow(
  db: Executor,
  offeringId: string,
  regionCode: string | null,
): Promise<OfferedNow | undefined> {
  const code = await itemOfOffering(db, offeringId);
  if (!code) return undefined;
  const { version } = await publicItem(db, code);
  const retired = version.status === "retired";
  return {
    code,
    name: version.content.name,
    retired,
    offerings: retired ? [] : await offeringsFor(db, code, regionCode),
  };
}

/**
 * The active offerings of an item for someone living in `regionCode`, nearest first; every active
 * offering when none serves that place (the reader may apply where they work, or from afar).
 */
export async function offeringsFor(
  db: Executor,
  code: string,
  regionCode: string | null,
): Promise<OfferingRecord[]> {
  const near = regionCode ? await offeringsNear(db, code, regionCode).catch(() => []) : [];
  return near.length > 0 ? near : offeringsNear(db, code);
}
