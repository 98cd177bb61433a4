import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestApp } from "../../../../test/app.ts";
import { department } from "../../../../test/factories.ts";
import type { Db } from "../../../platform/db/database.ts";
import { applyOnline, type CaseWorld, caseTestApp, caseWorld } from "../../cases/testing.ts";
import { publishItems, sampleContent } from "../../catalog/testing.ts";
import { allJobs } from "../../index.ts";
import { history } from "../../insights/testing.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { type GovstackTestClient, govstackClient, uniqueMediatorClient } from "../testing.ts";

/** The insight roll-ups brought up to date, by the job that keeps them (insights has no service.ts). */
async function rollUp(app: TestApp): Promise<void> {
  const refresh = allJobs().find((job) => job.name === "insights.refresh");
  if (!refresh) throw new Error("no insights.refresh job");
  const { config, jobs, log } = app.platform;
  await refresh.run({}, { db: app.platform.database.db, config, jobs, log });
}

const OPERATION = "GET /data/statistics";
const SPAN = "startDate=2026-03-01&endDate=2026-04-30";

let t: TestApp;
let w: CaseWorld;
let db: Db;
let anji: GovstackTestClient;

const get = (query: string, headers: Record<string, string> = anji.headers, path = "/data/statistics") =>
  t.app.inject({ method: "GET", url: `/govstack/registration${path}?${query}`, headers });

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  anji = await govstackClient(db, await department(db, "330523", "government_service"));
  const cases = await Promise.all([1, 2, 3, 4, 5].map(async () => (await applyOnline(w)).caseId));
  const [granted, supplemented, denied, refused, open] = cases as [string, string, string, string, string];
  const march = { submitted: "2026-03-02T09:00:00", accepted: "2026-03-02T10:00:00" };
  await history(db, granted, { ...march, closed: "2026-03-05T10:00:00", outcome: "granted" });
  await history(db, supplemented, { ...march, closed: "2026-03-20T10:00:00", outcome: "granted", rounds: 2 });
  await history(db, denied, { ...march, closed: "2026-04-09T10:00:00", outcome: "denied" });
  await history(db, refused, {
    submitted: "2026-04-01T09:00:00",
    closed: "2026-04-01T10:00:00",
    outcome: "rejected",
  });
  await history(db, open, { ...march });
  // Two items of one name: a name that cannot say which.
  await publishItems(db, [
    { content: sampleContent({ name: { zh: "重名事项", en: "Twin" } }) },
    { content: sampleContent({ name: { zh: "重名事项", en: "Twin" } }) },
  ]);
  await rollUp(t);
});
afterAll(() => t?.close());

type Entry = {
  processed: number;
  approved: number;
  sentBack: number;
  rejected: number;
  references: Record<string, unknown>;
};
const figures = (entries: Entry[]) => entries.map(({ references: _, ...rest }) => rest);

describeOperation("statistics", "GET /data/statistics", () => {
  it("+ totals the client's county as the native open figures do", async () => {
    const response = await get(SPAN);
    expectSpecResponse("statistics", OPERATION, response);
    expect(response.json()).toEqual([
      {
        processed: 4,
        approved: 2,
        sentBack: 1,
        rejected: 2,
        references: {
          startDate: "2026-03-01",
          endDate: "2026-04-30",
          timeframeDay: false,
          timeframeWeek: false,
          timeframeMonth: false,
          timeframeYear: false,
        },
      },
    ]);
    const native = await t.app.inject({
      method: "GET",
      url: "/api/v1/public/insights?region=330523&from=2026-03&to=2026-04",
    });
    const total = native.json().total;
    const [entry] = response.json() as [Entry];
    expect(entry.processed).toBe(total.closed);
    expect(entry.rejected).toBeCloseTo(total.rejectionRate * total.closed);
    expect(entry.sentBack).toBeCloseTo(total.supplementRate * total.closed);
  });

  it("+ gives one entry per month with timeframe=month", async () => {
    const response = await get(`${SPAN}&timeframe=month`);
    expectSpecResponse("statistics", OPERATION, response);
    const entries = response.json() as Entry[];
    expect(figures(entries)).toEqual([
      { processed: 2, approved: 2, sentBack: 1, rejected: 0 },
      { processed: 2, approved: 0, sentBack: 0, rejected: 2 },
    ]);
    expect(
      entries.map((e) => [e.references.startDate, e.references.endDate, e.references.timeframeMonth]),
    ).toEqual([
      ["2026-03-01", "2026-03-31", true],
      ["2026-04-01", "2026-04-30", true],
    ]);
  });

  it("+ gives one entry per calendar year with timeframe=year", async () => {
    const response = await get("startDate=2025-11-15&endDate=2026-04-02&timeframe=year");
    expectSpecResponse("statistics", OPERATION, response);
    const entries = response.json() as Entry[];
    expect(figures(entries)).toEqual([
      { processed: 0, approved: 0, sentBack: 0, rejected: 0 },
      { processed: 4, approved: 2, sentBack: 1, rejected: 2 },
    ]);
    expect(
      entries.map((e) => [e.references.startDate, e.references.endDate, e.references.timeframeYear]),
    ).toEqual([
      ["2025-11-01", "2025-12-31", true],
      ["2026-01-01", "2026-04-30", true],
    ]);
  });

  it("+ answers day (and week) per month, and says so", async () => {
    for (const timeframe of ["day", "week"]) {
      const response = await get(`${SPAN}&timeframe=${timeframe}`);
      expectSpecResponse("statistics", OPERATION, response);
      const entries = response.json() as Entry[];
      expect(entries).toHaveLength(2);
      expect(entries[0]?.references).toMatchObject({
        timeframeDay: false,
        timeframeWeek: false,
        timeframeMonth: true,
      });
    }
  });

  it("+ narrows to a registration by item code and by name", async () => {
    for (const name of [w.itemCode, "food BUSINESS licence", "食品经营许可"]) {
      const response = await get(`${SPAN}&registrationName=${encodeURIComponent(name)}`);
      expectSpecResponse("statistics", OPERATION, response);
      expect(figures(response.json()), name).toEqual([
        { processed: 4, approved: 2, sentBack: 1, rejected: 2 },
      ]);
      expect(response.json()[0].references.registrationName).toBe(name);
    }
  });

  it("+ is served as /data/statistics/1.0, and to a caller the header names no client of", async () => {
    const versioned = await get(SPAN, anji.headers, "/data/statistics/1.0");
    expectSpecResponse("statistics", OPERATION, versioned);
    expect(figures(versioned.json())).toEqual([{ processed: 4, approved: 2, sentBack: 1, rejected: 2 }]);
    // Anonymous: the widest region with figures, the province, sums the same cases.
    const anonymous = await get(SPAN, { "information-mediator-client": uniqueMediatorClient() });
    expectSpecResponse("statistics", OPERATION, anonymous);
    expect(figures(anonymous.json())).toEqual(figures(versioned.json()));
  });

  it("− answers an unknown registration name with 404, and an ambiguous one with 400", async () => {
    const unknown = await get("registrationName=n0tex1st");
    expect(unknown.statusCode).toBe(404);
    expectSpecResponse("statistics", OPERATION, unknown);
    const twins = await get(`registrationName=${encodeURIComponent("重名事项")}`);
    expect(twins.statusCode).toBe(400);
    expect(twins.json().errors).toEqual([expect.objectContaining({ field: "/query/registrationName" })]);
  });

  it("− refuses a bad date (400)", async () => {
    for (const bad of [
      "startDate=2021-13-01",
      "endDate=2021-02-30",
      "startDate=0999-01-01",
      "startDate=yesterday",
    ]) {
      const response = await get(bad);
      expect(response.statusCode, bad).toBe(400);
      expectSpecResponse("statistics", OPERATION, response);
    }
  });

  it("− refuses a start after the end (400)", async () => {
    const response = await get("startDate=2026-04-02&endDate=2026-04-01");
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "/query/endDate", message: "must not be before startDate" },
    ]);
  });

  it("− refuses an unknown timeframe (400)", async () => {
    const response = await get("timeframe=fortnight");
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: "/query/timeframe" })]);
  });

  it("− refuses figures per operator or role (400)", async () => {
    for (const query of ["operator=Ingmar%20Vali", "role=Handler", `${SPAN}&operator=x&role=y`]) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ code: "govstack_statistics_by_person" });
    }
  });

  it("− refuses a request without the header (400), and an unknown version (404)", async () => {
    const missing = await get(SPAN, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: "govstack_header_missing" });
    expect((await get(SPAN, anji.headers, "/data/statistics/7.3")).statusCode).toBe(404);
  });

  it("− refuses each malformed header of the suite (400)", async () => {
    for (const header of ["", "''", "invalid_header", "eGovStack/GOV/90000009/"]) {
      const response = await get(SPAN, { "information-mediator-client": header });
      expect(response.statusCode, header).toBe(400);
      expectSpecResponse("statistics", OPERATION, response);
    }
  });
});
