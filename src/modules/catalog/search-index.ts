import type { Executor } from "../../platform/db/database.ts";
import { indexTerms, loadRomaniser, loadSegmenter, type Romaniser, type Segmenter } from "./analyse.ts";
import * as searchStore from "./search-store.ts";

/**
 * Keeps the search index in step with the catalogue: called in the transaction that publishes or
 * retires an item, so the index never shows a version the catalogue does not. An item with a published
 * version has its row, written from that version; any other item has none.
 */
export async function reindexItem(db: Executor, itemId: string): Promise<void> {
  const source = await searchStore.findIndexSource(db, itemId);
  if (!source) {
    await searchStore.deleteIndexRow(db, itemId);
    return;
  }
  const [segmenter, romaniser] = await Promise.all([loadSegmenter(), loadRomaniser()]);
  await searchStore.upsertIndexRows(db, [indexRow(source, segmenter, romaniser)]);
}

/** The index row of a published version: what `reindexItem` writes, for loaders writing many at once. */
export function indexRow(
  source: searchStore.IndexSource,
  segmenter: Segmenter,
  romaniser: Romaniser,
): searchStore.IndexRow {
  const { content } = source;
  return {
    itemId: source.itemId,
    version: source.version,
    code: source.code,
    name: content.name.zh,
    nameEn: content.name.en,
    summary: content.summary.zh,
    summaryEn: content.summary.en,
    line: content.line,
    type: content.type,
    audience: content.audience,
    events: content.events,
    levels: content.levels,
    channels: content.channels,
    visits: content.visits,
    fullyOnline: content.fullyOnline,
    promisedDays: content.promisedDays,
    statutoryDays: content.statutoryDays,
    ...indexTerms(content, segmenter, romaniser),
  };
}

/**
 * Rebuilds every published item's row, a page at a time (after changing how items are analysed, or
 * to fill the index of a catalogue loaded before it existed). Returns how many rows were written.
 */
export async function reindexAll(db: Executor, pageSize = 500): Promise<number> {
  const [segmenter, romaniser] = await Promise.all([loadSegmenter(), loadRomaniser()]);
  let written = 0;
  let after = "";
  for (;;) {
    const page = await searchStore.publishedItems(db, after, pageSize);
    if (page.length === 0) return written;
    await searchStore.upsertIndexRows(
      db,
      page.map((source) => indexRow(source, segmenter, romaniser)),
    );
    written += page.length;
    after = page.at(-1)?.code ?? after;
  }
}
