import type { Db, Executor } from "../../platform/db/database.ts";
import * as store from "./chain-store.ts";

/** Entries sealed in one transaction: one commit's flush for them all. */
const SEAL_BATCH = 500;

/**
 * Seals every pending entry into the chain, a batch per transaction (one commit for many entries), and
 * answers how many. Cheap when nothing waits: one read, no lock. Inside a transaction it does nothing:
 * sealing takes the head, which must not wait on the caller's own locks.
 */
export async function sealAudit(db: Executor): Promise<number> {
  if (db.isTransaction || !(await store.hasPending(db))) return 0;
  let total = 0;
  for (;;) {
    const sealed = await (db as Db).transaction().execute((tx) => store.sealBatch(tx, SEAL_BATCH));
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}
