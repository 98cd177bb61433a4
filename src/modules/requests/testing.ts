/** For tests of requests: the county's categories and routing rules, its dispatcher and departments' staff. */
import type { LightMyRequestResponse } from "fastify";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { type Staff, staffOf } from "../cases/testing.ts";
import * as store from "./store.ts";

export const COUNTY = "330523";
export const VILLAGE = "330523001201";
export const TOWNSHIP = "330523001";

export interface RequestsWorld {
  t: TestApp;
  dispatcherId: string;
  policeId: string;
  marketId: string;
  transportId: string;
  /** Staff of the county's 12345 centre (the government service centre). */
  dispatcher: Staff;
  police: Staff;
  market: Staff;
  transport: Staff;
  /** Another county's police, who must see nothing of 安吉's. */
  otherPolice: Staff;
  admin: Staff;
}

/** Categories (one of each case that matters) and the county's rules, as the demo has them. */
export function seedCategoriesAndRoutes(t: TestApp) {
  return seedCategoriesAndRoutesIn(t.platform.database.db);
}

export async function seedCategoriesAndRoutesIn(db: Db) {
  const categories = [
    {
      code: "noise",
      kind: "complaint",
      name: "噪音扰民",
      name_en: "Noise",
      anonymous_allowed: false,
      due_working_days: 5,
    },
    {
      code: "food-safety",
      kind: "report",
      name: "食品安全",
      name_en: "Food safety",
      anonymous_allowed: true,
      due_working_days: 10,
    },
    {
      code: "policy-question",
      kind: "consultation",
      name: "政策咨询",
      name_en: "Policy questions",
      anonymous_allowed: true,
      due_working_days: 3,
    },
    {
      code: "road-repair",
      kind: "suggestion",
      name: "道路维修",
      name_en: "Road repair",
      anonymous_allowed: false,
      due_working_days: 15,
    },
  ] as const;
  for (const c of categories) await store.upsertCategory(db, { ...c, description: "", description_en: "" });
  const ids = {
    dispatcherId: await department(db, COUNTY, "government_service"),
    policeId: await department(db, COUNTY, "public_security"),
    marketId: await department(db, COUNTY, "market_regulation"),
    transportId: await department(db, COUNTY, "transport"),
  };
  await store.putRoute(db, {
    regionCode: COUNTY,
    categoryCode: null,
    departmentId: ids.dispatcherId,
    by: null,
  });
  await store.putRoute(db, {
    regionCode: COUNTY,
    categoryCode: "noise",
    departmentId: ids.policeId,
    by: null,
  });
  await store.putRoute(db, {
    regionCode: COUNTY,
    categoryCode: "food-safety",
    departmentId: ids.marketId,
    by: null,
  });
  await store.putRoute(db, {
    regionCode: TOWNSHIP,
    categoryCode: "road-repair",
    departmentId: ids.transportId,
    by: null,
  });
  return ids;
}

export async function requestsWorld(t: TestApp): Promise<RequestsWorld> {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const ids = await seedCategoriesAndRoutes(t);
  return {
    t,
    ...ids,
    dispatcher: await staffOf(t, "reviewer", { line: "government_service" }),
    police: await staffOf(t, "reviewer", { line: "public_security" }),
    market: await staffOf(t, "reviewer", { line: "market_regulation" }),
    transport: await staffOf(t, "reviewer", { line: "transport" }),
    otherPolice: await staffOf(t, "reviewer", { line: "public_security", region: "330522" }),
    admin: await staffOf(t, "administrator", { line: "government_service" }),
  };
}

let address = 0;
/** A client address of its own, so filing limits of one test do not touch another's. */
export const freshAddress = () => `10.8.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

/** Files a request through the API as someone (or anonymously) from an address of its own. */
export function fileVia(
  t: TestApp,
  who: { cookie: string } | undefined,
  payload: Record<string, unknown>,
  remoteAddress = freshAddress(),
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/requests",
    remoteAddress,
    headers: who ? { cookie: who.cookie } : {},
    payload,
  });
}

export const aComplaint = {
  category: "noise",
  text: "楼下饭店每晚十一点后仍有很大噪音，影响休息。",
  regionCode: VILLAGE,
  contactPreference: "sms",
  contact: { name: "李四", phone: "13900001111" },
};
