import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { ancestorCodes, isRegionCode } from "../regions/codes.ts";
import { requestErrors } from "./errors.ts";
import * as store from "./store.ts";

export type { RouteRecord } from "./store.ts";

export interface Route {
  /** The 12345 centre of the nearest region that has one: where the request is answerable from. */
  dispatcherId: string;
  /** The department a rule sends it to at once; null when the dispatcher assigns it by hand. */
  departmentId: string | null;
}

const deepestFirst = (a: { region_code: string }, b: { region_code: string }) =>
  b.region_code.length - a.region_code.length;

/**
 * Where a request of a category filed in a region goes: the rule of that category in the most specific
 * region of the chain (village up to province); without one, to the dispatcher of the nearest region
 * that has one, to assign by hand. No dispatcher anywhere above the place: refused.
 */
export async function resolveRoute(db: Executor, categoryCode: string, regionCode: string): Promise<Route> {
  const chain = [...ancestorCodes(regionCode), regionCode];
  const rules = (await store.routesIn(db, chain)).sort(deepestFirst);
  const dispatcher = rules.find((r) => r.category_code === null);
  if (!dispatcher) throw requestErrors.noRoute();
  const rule = rules.find((r) => r.category_code === categoryCode);
  return { dispatcherId: dispatcher.department_id, departmentId: rule?.department_id ?? null };
}

/** The dispatcher a department returns a request to: the nearest above the request's place. */
export async function dispatcherFor(db: Executor, regionCode: string): Promise<string> {
  const chain = [...ancestorCodes(regionCode), regionCode];
  const dispatcher = (await store.routesIn(db, chain))
    .sort(deepestFirst)
    .find((r) => r.category_code === null);
  if (!dispatcher) throw requestErrors.noRoute();
  return dispatcher.department_id;
}

export async function listRoutes(
  db: Executor,
  actor: Actor,
  regionCode: string,
): Promise<store.RouteRecord[]> {
  authorize(actor, "request.route.read");
  return store.routesUnder(db, regionCode);
}

export interface RouteInput {
  regionCode: string;
  /** Null for the region's dispatcher (12345 centre). */
  categoryCode: string | null;
  departmentId: string;
}

/**
 * Sets a rule, replacing the one there was for the region and category. The department must be of the
 * region or one above it: a county's requests are not sent to another county's bureau.
 */
export async function putRoute(
  db: Db,
  actor: Actor,
  input: RouteInput,
  origin: { requestId?: string } = {},
): Promise<string> {
  authorize(actor, "request.route.manage", { regionCode: input.regionCode });
  if (actor.kind !== "staff") throw errors.forbidden();
  const fields = [];
  if (!isRegionCode(input.regionCode)) fields.push({ field: "/regionCode", message: "is not a region code" });
  if (input.categoryCode !== null && !(await store.findCategory(db, input.categoryCode)))
    fields.push({ field: "/categoryCode", message: "is not a category of requests" });
  const department = await getDepartment(db, input.departmentId).catch(() => undefined);
  if (!department) fields.push({ field: "/departmentId", message: "is not a department" });
  else if (!input.regionCode.startsWith(department.regionCode))
    fields.push({ field: "/departmentId", message: "is not a department of the region or of one above it" });
  if (fields.length > 0) throw errors.validation(fields);
  return db.transaction().execute(async (tx) => {
    const id = await store.putRoute(tx, { ...input, by: actor.id });
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "request.route_put",
      subjectKind: "request_route",
      subjectId: id,
      regionCode: input.regionCode,
      requestId: origin.requestId ?? null,
      details: { categoryCode: input.categoryCode, departmentId: input.departmentId },
    });
    return id;
  });
}

export async function removeRoute(
  db: Db,
  actor: Actor,
  id: string,
  origin: { requestId?: string } = {},
): Promise<void> {
  authorize(actor, "request.route.manage", "any");
  const route = await store.findRoute(db, id);
  if (!route) throw errors.notFound("routing rule");
  authorize(actor, "request.route.manage", { regionCode: route.region_code });
  if (actor.kind !== "staff") throw errors.forbidden();
  await db.transaction().execute(async (tx) => {
    await store.deleteRoute(tx, id);
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "request.route_remove",
      subjectKind: "request_route",
      subjectId: id,
      regionCode: route.region_code,
      requestId: origin.requestId ?? null,
    });
  });
}
