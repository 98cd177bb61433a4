import { placeWords } from "../../platform/auth/password-policy.ts";
import type { Executor } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { getRegion, listAncestors } from "../regions/service.ts";

/**
 * The place words a staff password must not be built on (G6): the names of the regions the account is
 * kept in and works over, with the regions above them, and of its departments — in characters and
 * pinyin (`placeWords`). A region that no longer exists adds nothing.
 */
export async function staffPlaceWords(
  db: Executor,
  regionCodes: (string | null)[],
  departmentNames: string[] = [],
): Promise<string[]> {
  const names = new Set<string>();
  for (const code of new Set(regionCodes)) {
    if (!code) continue;
    try {
      names.add((await getRegion(db, ANONYMOUS, code)).name);
      for (const above of await listAncestors(db, ANONYMOUS, code)) names.add(above.name);
    } catch (error) {
      // Unknown codes are refused where they are entered; here they only have no name.
      if (!isAppError(error) || error.code !== "not_found") throw error;
    }
  }
  return placeWords([...names], departmentNames);
}
