import { isDeepStrictEqual } from "node:util";
import type { Db } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { listProcessDefinitions, saveProcessDefinition } from "../cases/service.ts";
import { DEMO_PROCESSES } from "./processes.ts";

/**
 * Defines the demo's five processes as the province's catalogue manager would, through the same
 * service the managers' API calls — so each is validated against its item's statutory days and lines,
 * and its saving is in the audit trail under that manager's name. A definition already the newest of
 * its item is left alone, so running it again adds no versions. Returns how many versions it saved.
 */
export async function seedDemoProcesses(db: Db, catalogManager: Actor): Promise<number> {
  let saved = 0;
  for (const { itemCode, definition } of Object.values(DEMO_PROCESSES)) {
    const [latest] = await listProcessDefinitions(db, catalogManager, itemCode);
    // jsonb keeps keys in its own order: compare as documents.
    if (latest && isDeepStrictEqual(latest.definition, JSON.parse(JSON.stringify(definition)))) continue;
    await saveProcessDefinition(db, catalogManager, itemCode, definition);
    saved += 1;
  }
  return saved;
}
