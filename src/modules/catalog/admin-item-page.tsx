import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { getRegion } from "../regions/service.ts";
import { allowedActions, ItemPage, type Refusal } from "./admin-item.tsx";
import { loadPicker, type OfferingsState } from "./admin-offerings.tsx";
import { type FieldErrors, sendAdminPage } from "./admin-views.tsx";
import type { ItemContent } from "./content.ts";
import * as service from "./service.ts";

/** The item's page drawn for a route: as it stands, or again after a refused action with what was typed. */

export interface ItemExtras {
  done?: string | undefined;
  region?: string | undefined;
  refusal?: Refusal;
  retire?: { reason: string; errors: FieldErrors };
  offering?: Pick<OfferingsState, "values" | "errors" | "problems">;
}

export async function showItem(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: PageContext,
  code: string,
  extras: ItemExtras,
) {
  const { actor } = request;
  const detail = await service.getItem(db, actor, code);
  const { item, current } = detail;
  const content = current?.status === "published" ? (current.content as ItemContent) : null;
  const [list, picker, owner] = await Promise.all([
    service.listOfferings(db, actor, item.id),
    loadPicker(db, actor, item, content, extras.offering?.values.regionCode ?? extras.region),
    item.ownerRegionCode ? getRegion(db, actor, item.ownerRegionCode).catch(() => null) : null,
  ]);
  const keeps = can(actor, "catalog.manage", { ownerRegionCode: item.ownerRegionCode });
  return sendAdminPage(
    reply,
    ctx,
    detail.draft?.content.name?.zh || current?.content.name?.zh || item.code,
    <ItemPage
      ctx={ctx}
      detail={detail}
      ownerName={owner?.name ?? null}
      allowed={allowedActions(detail, keeps)}
      done={extras.done}
      refusal={extras.refusal}
      {...(extras.retire ? { retire: extras.retire } : {})}
      offerings={{ list, content, picker, values: {}, errors: {}, problems: [], ...extras.offering }}
    />,
  );
}

/** A refusal the reader can act on, on the item's page; anything else is thrown on. */
export function refusalOf(error: unknown, request: FastifyRequest): { status: number; refusal: Refusal } {
  if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
  return {
    status: error.status,
    refusal: {
      message: problemText(error, request.t),
      ...(error.extra.allowed ? { allowed: error.extra.allowed } : {}),
    },
  };
}
