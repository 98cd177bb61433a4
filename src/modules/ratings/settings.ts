import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { DEFAULT_RECTIFY_DAYS } from "./rate.ts";
import * as store from "./store.ts";

export interface RectifySetting {
  regionCode: string;
  days: number;
  /** Where the figure comes from: the region's own setting, an ancestor's, or the default. */
  source: "own" | "inherited" | "default";
  fromRegionCode: string | null;
}

const REGION = /^\d{2,12}$/;

/** The rectification period that applies in a region, and where it comes from. */
export async function rectifySetting(
  db: Executor,
  actor: Actor,
  regionCode: string,
): Promise<RectifySetting> {
  if (!REGION.test(regionCode)) throw errors.notFound("region");
  authorize(actor, "rating.settings", { regionCode });
  const found = await store.rectifyDaysOver(db, regionCode);
  if (!found) return { regionCode, days: DEFAULT_RECTIFY_DAYS, source: "default", fromRegionCode: null };
  return {
    regionCode,
    days: found.days,
    source: found.regionCode === regionCode ? "own" : "inherited",
    fromRegionCode: found.regionCode,
  };
}

/** Sets a region's period (1–60 working days): its administrators; regions below without their own follow. */
export async function setRectifyDays(
  db: Db,
  actor: Actor,
  regionCode: string,
  days: number,
  origin: { requestId?: string | undefined } = {},
): Promise<RectifySetting> {
  if (!REGION.test(regionCode)) throw errors.notFound("region");
  authorize(actor, "rating.settings", { regionCode });
  if (!Number.isInteger(days) || days < 1 || days > 60)
    throw errors.validation([
      { field: "/days", message: "must be a whole number of working days from 1 to 60" },
    ]);
  if (actor.kind !== "staff") throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await store.setRectifyDays(tx, regionCode, days, actor.id, new Date());
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "rating.settings_update",
      subjectKind: "region",
      subjectId: regionCode,
      regionCode,
      requestId: origin.requestId ?? null,
      details: { days },
    });
  });
  return rectifySetting(db, actor, regionCode);
}
