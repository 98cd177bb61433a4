import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import type { ItemContent } from "./content.ts";
import { catalogErrors } from "./errors.ts";
import * as offeringStore from "./offerings-store.ts";
import * as store from "./store.ts";

/** What an application is made against: an active offering of a published item, and that version. */
export interface Applicable {
  item: store.ItemRecord;
  version: number;
  content: ItemContent;
  offering: offeringStore.OfferingRecord;
  /** The line of the offering's department. */
  departmentLine: string;
}

/**
 * The offering someone applies through, with its item's published version. A withdrawn offering or a
 * retired item takes no new applications (410); one that never existed is 404.
 */
export async function applicableOffering(db: Executor, offeringId: string): Promise<Applicable> {
  const found = isUuid(offeringId) ? await offeringStore.findOfferingWithItem(db, offeringId) : undefined;
  if (!found) throw errors.notFound("offering");
  if (found.offering.status !== "active" || found.status !== "published") throw catalogErrors.notOffered();
  return {
    item: found.item,
    version: found.version,
    content: found.content as ItemContent,
    offering: found.offering,
    departmentLine: found.departmentLine,
  };
}

/**
 * The version a case or a draft was made on, published or superseded since: a case runs to its end on
 * the rules it began with.
 */
export async function versionContent(db: Executor, itemId: string, version: number): Promise<ItemContent> {
  const found = await store.findVersion(db, itemId, version);
  if (!found || found.status === "draft") throw errors.notFound("item version");
  return found.content as ItemContent;
}

/** The code of the item an offering implements, whatever has become of either since. */
export async function itemOfOffering(db: Executor, offeringId: string): Promise<string | undefined> {
  if (!isUuid(offeringId)) return undefined;
  const offering = await offeringStore.findOffering(db, offeringId);
  const item = offering && (await store.findItem(db, offering.itemId));
  return item?.code;
}
