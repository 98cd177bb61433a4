import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { mayWorkFrom } from "../../platform/networks.ts";
import { currentRequest } from "../../platform/request-scope.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import * as store from "./store.ts";

/**
 * Refuses the sign-in of an account holding an administrator's role (networks.ts) from an address
 * outside ADMIN_ALLOWED_NETWORKS, after its password proved right, and puts the refusal on the trail:
 * a right password from outside is a stolen one or an administrator in the wrong place, and either is
 * worth a look. A wrong password is answered as any other, so the list tells nothing of who is an
 * administrator. An address nobody told is outside.
 */
export async function refuseOutsideAdminNetworks(
  db: Db,
  settings: Pick<Config, "adminNetworks">,
  staffId: string,
  origin: Origin,
): Promise<void> {
  if (!settings.adminNetworks) return;
  const address = origin.address ?? currentRequest()?.ip ?? "";
  if (mayWorkFrom(settings.adminNetworks, await store.rolesOf(db, staffId), address)) return;
  await db.transaction().execute((tx) =>
    auditStaffEvent(tx, staffId, "staff.signin_failed", origin, {
      by: { actorKind: "anonymous" },
      // The address joins the entry as every request's does (audit/service.ts).
      details: { reason: "outside_admin_networks" },
    }),
  );
  throw errors.outsideAdminNetworks();
}
