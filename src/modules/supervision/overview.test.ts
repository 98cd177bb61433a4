import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { department, TEST_PASSWORD } from "../../../test/factories.ts";
import {
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  type Staff,
  staffOf,
} from "../cases/testing.ts";
import { createStaff } from "../identity/service.ts";
import { aComplaint, fileVia, seedCategoriesAndRoutes } from "../requests/testing.ts";
import {
  atOffering,
  badRatingToRectify,
  COUNTY,
  makeOverdue,
  offerIn,
  secondTownship,
  TOWNSHIP_A,
  TOWNSHIP_B,
} from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let county: Staff;
let township: Staff;
let marketId: string;
let transportId: string;
let foodCode: string;
const cases: Record<string, string> = {};
const rectifications: Record<string, string> = {};
const requests: Record<string, string> = {};

async function file(key: string, regionCode: string, category: string): Promise<void> {
  const filed = await fileVia(t, undefined, { ...aComplaint, category, regionCode });
  if (filed.statusCode !== 201) throw new Error(`file: ${filed.statusCode} ${filed.body}`);
  requests[key] = filed.json().number as string;
}

const idsOf = async (numbers: string[]) =>
  (
    await t.platform.database.db
      .selectFrom("public_requests")
      .select("id")
      .where("number", "in", numbers)
      .execute()
  ).map((r) => r.id);

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  const db = t.platform.database.db;
  await secondTownship(db);
  const food = await offerIn(db, "market_regulation", { zh: "食品经营许可", en: "Food licence" }, [
    COUNTY,
    TOWNSHIP_A,
    TOWNSHIP_B,
  ]);
  const road = await offerIn(db, "transport", { zh: "道路占用许可", en: "Road permit" }, [TOWNSHIP_A]);
  marketId = food.departmentId;
  transportId = road.departmentId;
  foodCode = food.itemCode;
  const apply = async (key: string, offering: string | undefined) => {
    cases[key] = (await applyOnline(atOffering(w, offering as string))).caseId;
  };
  // 递铺街道: two overdue food licences, one overdue road permit, one food licence still in time;
  // 昌硕街道: one overdue food licence; the county itself: one.
  await apply("a1", food.offerings[TOWNSHIP_A]);
  await apply("a2", food.offerings[TOWNSHIP_A]);
  await apply("a3", road.offerings[TOWNSHIP_A]);
  await apply("aInTime", food.offerings[TOWNSHIP_A]);
  await apply("b1", food.offerings[TOWNSHIP_B]);
  await apply("c1", food.offerings[COUNTY]);
  await makeOverdue(t, "cases", [cases.a1, cases.a2, cases.a3, cases.b1, cases.c1] as string[]);

  const foodItem = { code: foodCode, name: "食品经营许可", nameEn: "Food licence" };
  const rect = async (key: string, input: Parameters<typeof badRatingToRectify>[1]) => {
    rectifications[key] = await badRatingToRectify(db, input);
  };
  await rect("a1", { regionCode: TOWNSHIP_A, departmentId: marketId, item: foodItem });
  await rect("a2", { regionCode: TOWNSHIP_A, departmentId: marketId, item: foodItem, state: "called_back" });
  await rect("aVisit", { regionCode: TOWNSHIP_A, departmentId: transportId });
  await rect("b1", { regionCode: TOWNSHIP_B, departmentId: marketId, item: foodItem });
  await rect("aClosed", { regionCode: TOWNSHIP_A, departmentId: marketId, item: foodItem, state: "closed" });
  await rect("aInTime", { regionCode: TOWNSHIP_A, departmentId: marketId, item: foodItem, overdue: false });
  await rect("elsewhere", { regionCode: "330522001", departmentId: marketId, item: foodItem });

  await seedCategoriesAndRoutes(t);
  await file("a1", TOWNSHIP_A, "noise");
  await file("a2", TOWNSHIP_A, "noise");
  await file("a3", TOWNSHIP_A, "road-repair");
  await file("aInTime", TOWNSHIP_A, "noise");
  // No rule routes road repairs in 昌硕街道: it waits at the county's 12345 centre.
  await file("b1", TOWNSHIP_B, "road-repair");
  await makeOverdue(
    t,
    "public_requests",
    await idsOf([requests.a1, requests.a2, requests.a3, requests.b1] as string[]),
  );

  county = await staffOf(t, "supervisor");
  township = await staffOf(t, "supervisor", { jurisdiction: TOWNSHIP_A });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

type Named = { key: string; count: number };
const counts = (rows: Named[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));

describe("the overdue overview (API)", () => {
  it("counts a county's overdue work by township, department and item, without what is in time, closed or elsewhere", async () => {
    const response = await call(t, county, "GET", "/api/v1/supervision/overdue");
    expect(response.statusCode).toBe(200);
    const o = response.json();
    expect(o.region).toMatchObject({ code: COUNTY, name: "安吉县", level: 3 });
    const children = Object.fromEntries(
      (o.children as { code: string; counts: object }[]).map((c) => [c.code, c.counts]),
    );
    expect(children[TOWNSHIP_A]).toEqual({ cases: 3, rectifications: 3, requests: 3 });
    expect(children[TOWNSHIP_B]).toEqual({ cases: 1, rectifications: 1, requests: 1 });
    expect(o.here).toEqual({ cases: 1, rectifications: 0, requests: 0 });

    expect(o.sections.cases.total).toBe(5);
    expect(counts(o.sections.cases.byDepartment)).toEqual({ [marketId]: 4, [transportId]: 1 });
    expect(o.sections.cases.byItem.map((i: Named & { name: string }) => [i.name, i.count])).toEqual([
      ["食品经营许可", 4],
      ["道路占用许可", 1],
    ]);

    expect(o.sections.rectifications.total).toBe(4);
    expect(counts(o.sections.rectifications.byDepartment)).toEqual({ [marketId]: 3, [transportId]: 1 });
    expect(counts(o.sections.rectifications.byItem)).toEqual({ [foodCode]: 3, none: 1 });

    expect(o.sections.requests.total).toBe(4);
    expect(o.sections.requests.byDepartment.map((d: Named) => d.count)).toEqual([2, 1, 1]);
    expect(o.sections.requests.byDepartment[0].name).toContain("公安局");
    expect(counts(o.sections.requests.byItem)).toEqual({ noise: 2, "road-repair": 2 });
  });

  it("drills down to a township, whose own work stands at the township itself", async () => {
    const o = (await call(t, county, "GET", `/api/v1/supervision/overdue?region=${TOWNSHIP_A}`)).json();
    expect(o.region.code).toBe(TOWNSHIP_A);
    expect(o.trail.map((r: { code: string }) => r.code)).toEqual([COUNTY]);
    expect(o.children.map((c: { code: string }) => c.code).sort()).toEqual(["330523001002", "330523001201"]);
    expect(o.here).toEqual({ cases: 3, rectifications: 3, requests: 3 });
    expect(counts(o.sections.cases.byDepartment)).toEqual({ [marketId]: 2, [transportId]: 1 });
  });

  it("answers 404 for a region outside the supervisor's jurisdiction, or unknown; 400 for a malformed code", async () => {
    const mine = await call(t, township, "GET", "/api/v1/supervision/overdue");
    expect(mine.statusCode).toBe(200);
    expect(mine.json().region.code).toBe(TOWNSHIP_A);
    expect(mine.json().trail).toEqual([]);
    for (const region of [COUNTY, TOWNSHIP_B, "330522"]) {
      const outside = await call(t, township, "GET", `/api/v1/supervision/overdue?region=${region}`);
      expect(outside.statusCode, region).toBe(404);
      expect(outside.json().code).toBe("not_found");
    }
    expect((await call(t, county, "GET", "/api/v1/supervision/overdue?region=330523099")).statusCode).toBe(
      404,
    );
    const malformed = await call(t, county, "GET", "/api/v1/supervision/overdue?region=33052x");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toContain("application/problem+json");
  });

  it("starts a supervisor of two regions at the wider, offering the other", async () => {
    const db = t.platform.database.db;
    const username = `supervisor.two.${Date.now()}`;
    await createStaff(db, {
      username,
      displayName: "Two regions",
      password: TEST_PASSWORD,
      grants: [
        { departmentId: marketId, role: "supervisor", jurisdictionCode: TOWNSHIP_B },
        {
          departmentId: await department(db, "330522", "market_regulation"),
          role: "supervisor",
          jurisdictionCode: "330522",
        },
      ],
    });
    const signedIn = await call(t, undefined, "POST", "/api/v1/session", {
      username,
      password: TEST_PASSWORD,
    });
    const two = { id: "", cookie: `tb_session=${cookiesOf(signedIn).tb_session}` };
    const o = (await call(t, two, "GET", "/api/v1/supervision/overdue")).json();
    expect(o.region.code).toBe("330522");
    expect(o.jurisdictions.map((j: { code: string }) => j.code)).toEqual(["330522", TOWNSHIP_B]);
    const page = await call(t, two, "GET", "/work/supervision/overview");
    expect(page.body).toContain(`href="/work/supervision/overview?region=${TOWNSHIP_B}"`);
    const b = (await call(t, two, "GET", `/api/v1/supervision/overdue?region=${TOWNSHIP_B}`)).json();
    expect(b.sections.cases.total).toBe(1);
    expect((await call(t, two, "GET", `/api/v1/supervision/overdue?region=${TOWNSHIP_A}`)).statusCode).toBe(
      404,
    );
  });

  it("refuses staff who are not supervisors (403) and asks strangers to sign in (401)", async () => {
    expect((await call(t, w.clerk, "GET", "/api/v1/supervision/overdue")).statusCode).toBe(403);
    expect((await call(t, undefined, "GET", "/api/v1/supervision/overdue")).statusCode).toBe(401);
  });
});

describe("the overdue overview (pages)", () => {
  const html = (url: string, who: Staff | undefined) => call(t, who, "GET", url);

  it("links each township, each count and the lists, and the lists link each row's staff page", async () => {
    const page = await html("/work/supervision/overview", county);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/work/supervision/overview?region=${TOWNSHIP_A}"`);
    expect(page.body).toContain(`href="/work/supervision/overdue?region=${TOWNSHIP_A}&amp;kind=cases">3</a>`);
    expect(page.body).toContain(
      `href="/work/supervision/overdue?region=${COUNTY}&amp;kind=cases&amp;department=${marketId}">4</a>`,
    );
    expect(page.body).toContain(
      `href="/work/supervision/overdue?region=${COUNTY}&amp;kind=requests&amp;item=noise">2</a>`,
    );

    const marketCases = await html(
      `/work/supervision/overdue?region=${COUNTY}&kind=cases&department=${marketId}`,
      county,
    );
    expect(marketCases.statusCode).toBe(200);
    for (const key of ["a1", "a2", "b1", "c1"])
      expect(marketCases.body).toContain(`href="/work/cases/${cases[key]}"`);
    for (const key of ["a3", "aInTime"]) expect(marketCases.body).not.toContain(cases[key] as string);
    expect((await html(`/work/cases/${cases.a1}`, county)).statusCode).toBe(200);

    const visits = await html(
      `/work/supervision/overdue?region=${COUNTY}&kind=rectifications&item=none`,
      county,
    );
    expect(visits.body).toContain(`href="/work/rectifications/${rectifications.aVisit}"`);
    expect(visits.body).not.toContain(rectifications.a1 as string);

    const township = await html(`/work/supervision/overdue?region=${TOWNSHIP_B}&kind=requests`, county);
    expect(township.body).toContain(`href="/work/requests/${requests.b1}"`);
    expect(township.body).not.toContain(requests.a1 as string);
  });

  it("pages its lists", async () => {
    const second = await html(`/work/supervision/overdue?region=${COUNTY}&kind=cases&page=2`, county);
    expect(second.statusCode).toBe(200);
    expect(second.body).not.toContain("/work/cases/");
    expect(second.body).toContain('rel="prev"');
  });

  it("is reached from the supervision list and the worklist", async () => {
    expect((await html("/work/supervision", county)).body).toContain('href="/work/supervision/overview"');
    expect((await html("/work", county)).body).toContain('href="/work/supervision/overview"');
  });

  it("answers 404 outside the jurisdiction, 403 to other staff, and the sign-in form to strangers", async () => {
    expect((await html(`/work/supervision/overview?region=${COUNTY}`, township)).statusCode).toBe(404);
    expect(
      (await html(`/work/supervision/overdue?region=${TOWNSHIP_B}&kind=cases`, township)).statusCode,
    ).toBe(404);
    expect((await html("/work/supervision/overview?region=330523099", county)).statusCode).toBe(404);
    expect((await html("/work/supervision/overview", w.clerk)).statusCode).toBe(403);
    const stranger = await html("/work/supervision/overview", undefined);
    expect(stranger.statusCode).toBe(303);
    expect(stranger.headers.location).toContain("/signin?next=");
    const badKind = await html(`/work/supervision/overdue?region=${COUNTY}&kind=licences`, county);
    expect(badKind.statusCode).toBe(400);
    const badDepartment = await html(
      `/work/supervision/overdue?region=${COUNTY}&kind=cases&department=x`,
      county,
    );
    expect(badDepartment.statusCode).toBe(400);
  });
});
