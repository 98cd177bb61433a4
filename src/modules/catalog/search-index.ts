import type { Executor } from "../../platform/db/database.ts";

/**
 * Keeps the search index in step with the catalogue: called in the transaction that publishes or
 * retires an item, so the index never shows a version the catalogue does not. (The index comes next.)
 */
export async function reindexItem(_db: Executor, _itemId: string): Promise<void> {}
