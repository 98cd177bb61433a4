import type { Db } from "../../platform/db/database.ts";
import type { ItemContent } from "./content.ts";
import { diffContent } from "./diff.ts";
import { type OfferingInput, valuesAsGiven } from "./offerings.ts";
import * as offeringStore from "./offerings-store.ts";
import { reindexItem } from "./search-index.ts";
import * as store from "./store.ts";
import { publishProblems } from "./validate.ts";

/** Loading whole items at once: the demo, a national catalogue, the benchmarks. */

export interface ImportedItem {
  code: string;
  ownerRegionCode: string | null;
  content: ItemContent;
  offerings?: (OfferingInput & { departmentId: string })[];
}

/**
 * Loads complete items as published versions, with their offerings, as the system. Safe to run again:
 * an item whose published content is the same is left alone; a changed one gets a new version.
 * Throws on the first item that would not publish, naming it.
 */
export async function importItems(
  db: Db,
  items: ImportedItem[],
  now = new Date(),
): Promise<{ created: number; updated: number; unchanged: number }> {
  const result = { created: 0, updated: 0, unchanged: 0 };
  for (const imported of items) {
    const problems = publishProblems(imported.content);
    if (problems.length > 0)
      throw new Error(
        `Item ${imported.code} cannot be published: ${problems.map((p) => `${p.field} ${p.key}`).join(", ")}`,
      );
    await db.transaction().execute(async (tx) => {
      const existing = await store.findItem(tx, imported.code);
      const id =
        existing?.id ??
        (await store.insertItem(tx, {
          code: imported.code,
          ownerRegionCode: imported.ownerRegionCode,
          createdBy: null,
        }));
      if (!id) throw new Error(`Item ${imported.code} was created meanwhile by someone else: import again`);
      const current = existing ? await store.currentVersion(tx, id) : undefined;
      if (existing && (await store.draftVersion(tx, id)))
        throw new Error(
          `Item ${imported.code} has a draft being written: publish or discard it before importing`,
        );
      // jsonb keeps keys in its own order: compare as documents, not as text.
      const content = JSON.parse(JSON.stringify(imported.content)) as ItemContent;
      if (current && diffContent(current.content, content).length === 0) {
        result.unchanged += 1;
      } else {
        const version = (await store.latestVersionNumber(tx, id)) + 1;
        await store.insertVersion(tx, { itemId: id, version, content, createdBy: null });
        if (current) await store.setStatus(tx, id, current.version, "superseded", { at: now });
        await store.setStatus(tx, id, version, "published", { at: now });
        await reindexItem(tx, id);
        result[existing ? "updated" : "created"] += 1;
      }
      for (const o of imported.offerings ?? []) {
        await offeringStore.insertOffering(tx, {
          itemId: id,
          regionCode: o.regionCode,
          departmentId: o.departmentId,
          createdBy: null,
          ...valuesAsGiven(o),
        });
      }
    });
  }
  return result;
}
