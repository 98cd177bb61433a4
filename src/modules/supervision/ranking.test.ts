import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { type CaseWorld, call, caseTestApp, caseWorld } from "../cases/testing.ts";
import { allJobs } from "../index.ts";
import { computeRanking, MINIMUM_CASES, RANKING_JOB, rankingJob } from "./ranking.ts";
import { COUNTY, closeCaseAt, offerIn, ratingAt, TOWNSHIP_A } from "./testing.ts";

/** 2026-03-10 at 02:00 in China: the snapshot of that day counts 2026-02-08 to 2026-03-09. */
const NOW = new Date("2026-03-10T02:00:00+08:00");
const at = (text: string) => new Date(`${text}+08:00`);

let t: TestApp;
let w: CaseWorld;
let marketId: string;
let transportId: string;
let civilId: string;

const closedCase = (offeringId: string, closedAt: Date, dueAt: Date | null) =>
  closeCaseAt(w, offeringId, closedAt, dueAt);
const rating = (departmentId: string, regionCode: string, level: number, createdAt: Date) =>
  ratingAt(t.platform.database.db, { departmentId, regionCode, level, createdAt });

const ranking = (region: string) =>
  call(t, undefined, "GET", `/api/v1/public/department-ranking?region=${region}`);

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  const db = t.platform.database.db;
  const food = await offerIn(db, "market_regulation", { zh: "食品经营许可", en: "Food licence" }, [
    COUNTY,
    TOWNSHIP_A,
  ]);
  const road = await offerIn(db, "transport", { zh: "道路占用许可", en: "Road permit" }, [TOWNSHIP_A]);
  const burial = await offerIn(db, "civil_affairs", { zh: "殡葬补助", en: "Burial grant" }, [COUNTY]);
  marketId = food.departmentId;
  transportId = road.departmentId;
  civilId = burial.departmentId;
  const [foodA, foodCounty, roadA, burialCounty] = [
    food.offerings[TOWNSHIP_A],
    food.offerings[COUNTY],
    road.offerings[TOWNSHIP_A],
    burial.offerings[COUNTY],
  ] as [string, string, string, string];
  // Market regulation: six closed in the window, five by their due date.
  await closedCase(foodA, at("2026-03-01T10:00:00"), at("2026-03-02T17:00:00"));
  await closedCase(foodA, at("2026-03-05T09:00:00"), at("2026-03-05T17:00:00"));
  await closedCase(foodA, at("2026-03-06T09:00:00"), at("2026-03-04T17:00:00")); // late
  await closedCase(foodCounty, at("2026-02-08T00:00:00"), at("2026-02-10T17:00:00")); // the window's first instant
  await closedCase(foodCounty, at("2026-03-09T23:59:59"), at("2026-03-10T17:00:00")); // its last second
  await closedCase(foodCounty, at("2026-03-03T17:00:00"), at("2026-03-03T17:00:00")); // on the due instant: on time
  // Not counted: closed on the snapshot's day, the day before the window, and without a clock.
  await closedCase(foodCounty, at("2026-03-10T00:00:00"), at("2026-03-01T17:00:00"));
  await closedCase(foodCounty, at("2026-02-07T23:59:59"), at("2026-02-01T17:00:00"));
  await closedCase(foodCounty, at("2026-03-02T10:00:00"), null);
  // Transport: five of five on time, in 递铺街道.
  for (const day of ["02-10", "02-20", "03-01", "03-02", "03-08"]) {
    await closedCase(roadA, at(`2026-${day}T10:00:00`), at(`2026-${day}T17:00:00`));
  }
  // Civil affairs: one case, on time — under the minimum, however good.
  await closedCase(burialCounty, at("2026-03-04T10:00:00"), at("2026-03-05T17:00:00"));

  await rating(marketId, COUNTY, 5, at("2026-02-08T00:00:00"));
  await rating(marketId, COUNTY, 4, at("2026-03-01T12:00:00"));
  await rating(marketId, COUNTY, 3, at("2026-03-09T23:59:59"));
  await rating(marketId, TOWNSHIP_A, 1, at("2026-03-02T12:00:00"));
  await rating(marketId, COUNTY, 1, at("2026-03-10T00:00:00")); // the snapshot's day: not counted
  await rating(transportId, "330523001201", 2, at("2026-03-03T12:00:00")); // a village, counted at its township
  await rating(civilId, COUNTY, 5, at("2026-03-04T12:00:00"));
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("the departments' ranking", () => {
  it("is empty, and says so, before the first snapshot", async () => {
    const response = await ranking(COUNTY);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ asOf: null, window: null, ranked: [], belowMinimum: [] });
    const page = await call(t, undefined, "GET", `/ranking?region=${COUNTY}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("尚未生成排名");
  });

  it("is computed daily by a scheduled job", () => {
    const job = allJobs().find((j) => j.name === RANKING_JOB);
    expect(job?.schedule).toEqual({ cron: "20 1 * * *", tz: "Asia/Shanghai" });
  });

  it("counts the window's closed cases, on-time closings and ratings per department as computed by hand", async () => {
    const report = await computeRanking(t.platform.database.db, NOW);
    expect(report).toEqual({ day: "2026-03-10", windowFrom: "2026-02-08", windowTo: "2026-03-09", rows: 11 });
    const r = (await ranking(COUNTY)).json();
    expect(r.asOf).toBe("2026-03-10");
    expect(r.window).toEqual({ from: "2026-02-08", to: "2026-03-09" });
    expect(r.minimumCases).toBe(MINIMUM_CASES);
    // On-time rate first: transport's 100% ranks above market regulation's 5 of 6, whatever their ratings.
    expect(r.ranked).toEqual([
      {
        rank: 1,
        departmentId: transportId,
        name: "安吉县交通运输局",
        nameEn: expect.any(String),
        casesClosed: 5,
        casesOnTime: 5,
        onTimeRate: 1,
        ratings: 1,
        satisfaction: 0,
        meanLevel: 2,
      },
      {
        rank: 2,
        departmentId: marketId,
        name: "安吉县市场监督管理局",
        nameEn: expect.any(String),
        casesClosed: 6,
        casesOnTime: 5,
        onTimeRate: 5 / 6,
        ratings: 4,
        satisfaction: 0.75,
        meanLevel: 13 / 4,
      },
    ]);
    expect(r.belowMinimum).toEqual([
      expect.objectContaining({
        rank: null,
        departmentId: civilId,
        casesClosed: 1,
        casesOnTime: 1,
        onTimeRate: 1,
        ratings: 1,
        satisfaction: 1,
        meanLevel: 5,
      }),
    ]);
  });

  it("lists a township's departments with what happened there, and the levels above with the county's", async () => {
    const township = (await ranking(TOWNSHIP_A)).json();
    expect(township.ranked.map((d: { departmentId: string }) => d.departmentId)).toEqual([transportId]);
    expect(township.belowMinimum).toEqual([
      expect.objectContaining({
        departmentId: marketId,
        casesClosed: 3,
        casesOnTime: 2,
        ratings: 1,
        meanLevel: 1,
      }),
    ]);
    const county = (await ranking(COUNTY)).json();
    for (const above of ["3305", "33"]) {
      const r = (await ranking(above)).json();
      expect(r.ranked, above).toEqual(county.ranked);
      expect(r.belowMinimum, above).toEqual(county.belowMinimum);
    }
    expect(county.children.map((c: { code: string }) => c.code)).toEqual([TOWNSHIP_A]);
  });

  it("replaces the day's snapshot when computed again, and shows the newest day", async () => {
    const db = t.platform.database.db;
    const before = await db
      .selectFrom("department_rankings")
      .selectAll()
      .where("day", "=", "2026-03-10")
      .execute();
    const again = await computeRanking(db, new Date("2026-03-10T23:00:00+08:00"));
    expect(again.rows).toBe(11);
    const after = await db
      .selectFrom("department_rankings")
      .selectAll()
      .where("day", "=", "2026-03-10")
      .execute();
    const strip = (rows: typeof before) =>
      rows
        .map(({ computed_at: _, ...rest }) => rest)
        .sort((a, b) => (a.region_code + a.department_id).localeCompare(b.region_code + b.department_id));
    expect(strip(after)).toEqual(strip(before));

    // The next day's window starts a day later: the case closed and the rating given on 2026-02-08 fall
    // out, the case closed (late) and the rating given on 2026-03-10 come in.
    const next = await computeRanking(db, new Date("2026-03-11T01:20:00+08:00"));
    expect(next).toMatchObject({ day: "2026-03-11", windowFrom: "2026-02-09", windowTo: "2026-03-10" });
    const r = (await ranking(COUNTY)).json();
    expect(r.asOf).toBe("2026-03-11");
    const market = r.ranked.find((d: { departmentId: string }) => d.departmentId === marketId);
    expect(market).toMatchObject({ casesClosed: 6, casesOnTime: 4, ratings: 4, satisfaction: 0.5 });
    expect(
      await db.selectFrom("department_rankings").select("day").distinct().orderBy("day").execute(),
    ).toEqual([{ day: "2026-03-10" }, { day: "2026-03-11" }]);
  });

  it("runs as the job does, for the day it runs on", async () => {
    const lines: unknown[] = [];
    const log = { info: (...args: unknown[]) => lines.push(args) } as never;
    await rankingJob.run(
      {},
      { db: t.platform.database.db, log, config: t.platform.config, jobs: t.platform.jobs },
    );
    expect(lines).toHaveLength(1);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const rows = await t.platform.database.db
      .selectFrom("department_rankings")
      .select("day")
      .where("day", "=", today)
      .execute();
    // The fixtures' cases closed in March: today's window holds none of them.
    expect(rows).toEqual([]);
  });
});

describe("the ranking's public page", () => {
  it("shows the newest snapshot's ranked rows in order, the departments apart, the window and the ordering, with names escaped", async () => {
    const db = t.platform.database.db;
    await db
      .updateTable("departments")
      .set({ name: '<script>alert("x")</script>民政局' })
      .where("id", "=", civilId)
      .execute();
    const page = await call(t, undefined, "GET", `/ranking?region=${COUNTY}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).not.toContain('<script>alert("x")');
    expect(body).toContain("&lt;script>alert(&quot;x&quot;)&lt;/script>民政局");
    const transport = body.indexOf("安吉县交通运输局");
    const market = body.indexOf("安吉县市场监督管理局");
    const apart = body.indexOf(`<caption>办结不足 ${MINIMUM_CASES} 件的部门`);
    expect(transport).toBeGreaterThan(0);
    expect(market).toBeGreaterThan(transport);
    expect(apart).toBeGreaterThan(market);
    expect(body.indexOf("民政局")).toBeGreaterThan(apart);
    expect(body).toContain("100.0%");
    expect(body).toContain("66.7%");
    expect(body).toContain("统计期：2026-02-09 至 2026-03-10");
    expect(body).toContain("先按按时办结率从高到低");
    expect(body).toContain(`href="/ranking?region=${TOWNSHIP_A}"`);
  });

  it("starts from the provinces, and is linked from the home page and the ratings", async () => {
    const top = await call(t, undefined, "GET", "/ranking");
    expect(top.body).toContain('href="/ranking?region=33"');
    expect((await call(t, undefined, "GET", "/")).body).toContain('href="/ranking"');
    expect((await call(t, undefined, "GET", "/ratings")).body).toContain('href="/ranking"');
  });

  it("answers 404 for an unknown region and 400 for a malformed one", async () => {
    expect((await call(t, undefined, "GET", "/ranking?region=330523099")).statusCode).toBe(404);
    expect((await ranking("330523099")).statusCode).toBe(404);
    const malformed = await ranking("3305x");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe("validation_failed");
    expect((await call(t, undefined, "GET", "/api/v1/public/department-ranking")).statusCode).toBe(400);
  });
});
