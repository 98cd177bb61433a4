import type { Db, Executor } from "../../platform/db/database.ts";
import * as store from "./chain-store.ts";

/** Entries sealed in one transaction: one commit's flush for them all. */
const SEAL_BATCH = 500;

/**
 * Seals every pending entry into its province's chain, a batch per transaction (one commit for many
 * entries, one province's head locked), and answers how many: of the provinces named (those a reader is
 * about to read), or of every province. Cheap when nothing waits: one read, no lock. Inside a transaction
 * it does nothing: sealing takes a head, which must not wait on the caller's own locks.
 */
export async function sealAudit(db: Executor, provinces?: readonly string[]): Promise<number> {
  if (db.isTransaction) return 0;
  let total = 0;
  for (const province of await store.pendingProvinces(db, provinces)) {
    for (;;) {
      const sealed = await (db as Db)
        .transaction()
        .execute((tx) => store.sealBatch(tx, province, SEAL_BATCH));
      total += sealed;
      if (sealed < SEAL_BATCH) break;
    }
  }
  return total;
}
