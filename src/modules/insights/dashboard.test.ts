import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import {
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  type Staff,
  staffOf,
} from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { sumsByDimension, sumsFromCases } from "./dashboard-store.ts";
import { refreshInsights } from "./rollup.ts";
import { hallOf, history, rate } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let db: Db;
let county: Staff;
let province: Staff;

const PERIOD = "from=2026-03&to=2026-04";
const get = (who: Staff | undefined, url: string) => call(t, who, "GET", url);

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  county = await staffOf(t, "supervisor", { jurisdiction: "330523" });
  province = await staffOf(t, "administrator", { jurisdiction: "33", line: "government_service" });
  const urban = await someone(t, { name: "李芳", addressRegionCode: "330523001002" });
  const rural = (await applyOnline(w)).caseId;
  const town = (await applyOnline(w, { who: urban })).caseId;
  const hall = (await applyOnline(w)).caseId;
  // Rural, online: six working days (Mon 2 → Tue 10 March), on time, rated 5.
  await history(db, rural, {
    submitted: "2026-03-01T09:00:00",
    accepted: "2026-03-02T10:00:00",
    decided: "2026-03-10T10:00:00",
    closed: "2026-03-10T12:00:00",
    due: "2026-03-20T23:59:59",
    outcome: "granted",
  });
  // Urban, online: two working days, on time, rated 4.
  await history(db, town, {
    submitted: "2026-03-01T09:00:00",
    accepted: "2026-03-02T10:00:00",
    decided: "2026-03-04T10:00:00",
    closed: "2026-03-04T12:00:00",
    due: "2026-03-20T23:59:59",
    outcome: "granted",
  });
  // Rural, at a hall, in April: ten working days, late, rated 2.
  await history(db, hall, {
    submitted: "2026-04-01T09:00:00",
    accepted: "2026-04-01T10:00:00",
    decided: "2026-04-16T10:00:00",
    closed: "2026-04-16T12:00:00",
    due: "2026-04-10T23:59:59",
    outcome: "granted",
    channel: "hall",
    siteId: await hallOf(db, await department(db, "330523", "government_service")),
  });
  await rate(db, rural, 5, "2026-03-11T10:00:00");
  await rate(db, town, 4, "2026-03-05T10:00:00");
  await rate(db, hall, 2, "2026-04-17T10:00:00");
  await refreshInsights(db);
});

afterAll(async () => {
  await t?.close();
});

describe("the dashboard", () => {
  it("shows a county's measures over the months asked for", async () => {
    const response = await get(county, `/api/v1/insights/dashboard?region=330523&${PERIOD}`);
    expect(response.statusCode).toBe(200);
    const d = response.json();
    expect(d.region.code).toBe("330523");
    expect(d.period).toEqual({ from: "2026-03", to: "2026-04" });
    expect(d.total).toMatchObject({ received: 3, closed: 3, onlineRate: 2 / 3, onTimeRate: 2 / 3 });
    expect(d.total.days).toMatchObject({ measured: 3, mean: 6, median: 6, p90: 10 });
    expect(d.total.ratings).toEqual({ count: 3, levels: [0, 1, 0, 1, 1], satisfaction: 2 / 3 });
    expect(d.total.zeroVisitRate).toBeCloseTo(2 / 3);
    expect(
      d.byMonth.map((m: { month: string; figures: { closed: number } }) => [m.month, m.figures.closed]),
    ).toEqual([
      ["2026-03", 2],
      ["2026-04", 1],
    ]);
    // Villagers waited (6 + 10) / 2 = 8 days against the town's 2, and applied online half as often.
    expect(d.equity.ratios.days).toBe(4);
    expect(d.equity.ratios.onlineRate).toBe(0.5);
    expect(d.byItem[0]).toMatchObject({ code: w.itemCode, figures: { received: 3 } });
    expect(d.children.map((c: { code: string }) => c.code)).toEqual(["330523001"]);
    // The hall where the April case was handed in: ten days, one visit to hand in, rated 2.
    expect(d.bySite).toEqual([
      expect.objectContaining({
        code: "anji-insight-hall",
        kind: "hall",
        closed: 1,
        meanDays: 10,
        satisfaction: 0,
      }),
    ]);
  });

  it("gives every level above the same numbers, summed", async () => {
    const [below, above] = await Promise.all([
      get(province, `/api/v1/insights/dashboard?region=330523&${PERIOD}`),
      get(province, `/api/v1/insights/dashboard?region=33&${PERIOD}`),
    ]);
    expect(above.json().total).toEqual(below.json().total);
    const city = above.json().children.find((c: { code: string }) => c.code === "3305");
    expect(city.figures).toEqual(below.json().total);
  });

  it("narrows to a channel", async () => {
    const d = (await get(county, `/api/v1/insights/dashboard?region=330523&${PERIOD}&channel=hall`)).json();
    expect(d.total).toMatchObject({ received: 1, onTimeRate: 0 });
    expect(d.filter.channel).toBe("hall");
  });

  it("answers bad input plainly", async () => {
    const status = async (who: Staff | undefined, query: string) =>
      (await get(who, `/api/v1/insights/dashboard?${query}`)).statusCode;
    // A region that does not exist, and one outside the supervisor's county.
    expect(await status(county, "region=330599")).toBe(404);
    expect(await status(province, "region=339999")).toBe(404);
    expect(await status(county, "region=330522")).toBe(404);
    expect(await status(county, "region=33")).toBe(404);
    // An end before the start, a month that is not one, a span over ten years.
    const reversed = await get(county, "/api/v1/insights/dashboard?from=2026-05&to=2026-03");
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([{ field: "/query/to", message: "must not be before from" }]);
    expect(await status(county, "from=2026-13")).toBe(400);
    expect(await status(county, "from=2000-01&to=2026-01")).toBe(400);
    expect(await status(county, "item=NO-SUCH-ITEM")).toBe(404);
    expect(await status(county, "department=00000000-0000-4000-8000-000000000000")).toBe(404);
    expect(await status(county, "channel=pigeon")).toBe(400);
    // Only those who answer for delivery read it: a reviewer is refused, a stranger asked to sign in.
    expect(await status(w.reviewer, "region=330523")).toBe(403);
    expect(await status(undefined, "region=330523")).toBe(401);
  });

  it("is a page with its charts and tables, and each table as CSV", async () => {
    const page = await get(county, `/work/insights?region=330523&${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("安吉县政务服务数据看板");
    expect(page.body).toContain("<svg");
    expect(page.body).toContain('href="/work/insights?region=330523001&amp;from=2026-03&amp;to=2026-04"');
    const csv = await get(county, `/work/insights/figures.csv?region=330523&${PERIOD}&by=month`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]?.startsWith("2026-03,2,2,2,")).toBe(true);
    expect((await get(undefined, "/work/insights")).statusCode).toBe(303);
    expect((await get(county, "/work/insights?from=2026-05&to=2026-01")).statusCode).toBe(400);
    // The form's empty fields are the defaults.
    expect((await get(county, "/work/insights?region=330523&from=&to=2026-04&channel=")).statusCode).toBe(
      200,
    );
  });

  it("publishes the same figures to everyone as open data, naming no one", async () => {
    const open = await get(undefined, `/api/v1/public/insights?region=330523&${PERIOD}`);
    expect(open.statusCode).toBe(200);
    const staff = (await get(county, `/api/v1/insights/dashboard?region=330523&${PERIOD}`)).json();
    expect(open.json().total).toEqual(staff.total);
    expect(open.body).not.toContain("王小明");
    expect(open.body).not.toContain("李芳");
    // Without a region: the first province with figures.
    expect((await get(undefined, `/api/v1/public/insights?${PERIOD}`)).json().region.code).toBe("33");
    expect((await get(undefined, "/api/v1/public/insights?region=339999")).statusCode).toBe(404);
    expect((await get(undefined, "/api/v1/public/insights?from=2026-04&to=2026-01")).statusCode).toBe(400);
    const page = await get(undefined, `/open-data?region=330523&${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("安吉县政务服务统计数据");
    expect(page.body).toContain(
      'href="/api/v1/public/insights?region=330523&amp;from=2026-03&amp;to=2026-04"',
    );
    const csv = await get(undefined, `/open-data/figures.csv?region=330523&${PERIOD}&by=area`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("农村,2,");
  });

  it("sums what counting the cases afresh sums, in every dimension", async () => {
    const order = (rows: { dimension: string; key: string }[]) =>
      [...rows].sort((a, b) => `${a.dimension}/${a.key}`.localeCompare(`${b.dimension}/${b.key}`));
    for (const regionCode of ["33", "330523"]) {
      // Unfiltered, the dashboard reads the slices; filtered, the rows by every dimension at once.
      for (const channel of [undefined, "online"]) {
        const filter = { regionCode, from: "2026-03-01", to: "2026-04-01", channel };
        const kept = await sumsByDimension(db, filter);
        expect(kept.length).toBeGreaterThan(channel ? 4 : 5);
        expect(order(kept)).toEqual(order(await sumsFromCases(db, filter)));
      }
    }
  });
});
