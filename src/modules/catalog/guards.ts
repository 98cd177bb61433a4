import type { Executor } from "../../platform/db/database.ts";

/**
 * Counts the open cases of an item. The catalogue cannot see cases — they belong to the module that
 * handles them, which registers its counter here — so retiring asks every registered counter.
 */
export type OpenCaseCounter = (db: Executor, itemId: string) => Promise<number>;

const counters = new Set<OpenCaseCounter>();

/** Registers a counter; the returned function takes it away again. */
export function registerOpenCaseCounter(counter: OpenCaseCounter): () => void {
  counters.add(counter);
  return () => counters.delete(counter);
}

export async function countOpenCases(db: Executor, itemId: string): Promise<number> {
  let total = 0;
  for (const counter of counters) total += await counter(db, itemId);
  return total;
}
