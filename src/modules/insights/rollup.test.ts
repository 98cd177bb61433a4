import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import type { Db } from "../../platform/db/database.ts";
import { act, applyOnline, type CaseWorld, caseTestApp, caseWorld, taskAt } from "../cases/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { insightsCommand } from "./cli.ts";
import { rebuildInsights, refreshInsights } from "./rollup.ts";
import { at, hallOf, history, rate } from "./testing.ts";

const NOW = at("2026-11-20T12:00:00");

let t: TestApp;
let w: CaseWorld;
let db: Db;
let urban: Someone;

/** Every row of the roll-ups and facts, in one order, as the database holds them. */
async function snapshot(): Promise<unknown> {
  const read = async (table: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
      .map((r) => JSON.stringify(r, Object.keys(r).sort()))
      .sort();
  return {
    monthly: await read("insight_monthly"),
    days: await read("insight_monthly_days"),
    slices: await read("insight_slices"),
    sliceDays: await read("insight_slice_days"),
    homes: await read("insight_homes_monthly"),
    sites: await read("insight_sites_monthly"),
    facts: await read("insight_case_facts"),
  };
}

interface MonthRow {
  received: number;
  closed: number;
  timed: number;
  on_time: number;
  measured: number;
  days_sum: string;
  rated: number;
  rating_2: number;
  rating_5: number;
  supplemented: number;
}

async function month(region: string, first: string, where = sql`true`): Promise<MonthRow> {
  const { rows } = await sql<MonthRow>`
    select coalesce(sum(received), 0)::int as received, coalesce(sum(closed), 0)::int as closed,
      coalesce(sum(timed), 0)::int as timed, coalesce(sum(on_time), 0)::int as on_time,
      coalesce(sum(measured), 0)::int as measured, coalesce(sum(days_sum), 0)::text as days_sum,
      coalesce(sum(rated), 0)::int as rated, coalesce(sum(rating_2), 0)::int as rating_2,
      coalesce(sum(rating_5), 0)::int as rating_5, coalesce(sum(supplemented), 0)::int as supplemented
    from insight_monthly where region_code = ${region} and month = ${first}::date and ${where}`.execute(db);
  return rows[0] as MonthRow;
}

async function daysOf(region: string, first: string): Promise<Record<number, number>> {
  const { rows } = await sql<{ days: number; cases: number }>`
    select days, sum(cases)::int as cases from insight_monthly_days
    where region_code = ${region} and month = ${first}::date group by days order by days`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.days, r.cases]));
}

const ids: Record<"a" | "b" | "c" | "d", string> = { a: "", b: "", c: "", d: "" };

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  urban = await someone(t, { name: "李芳", addressRegionCode: "330523001002" });
  ids.a = (await applyOnline(w)).caseId;
  ids.b = (await applyOnline(w, { who: urban })).caseId;
  ids.c = (await applyOnline(w)).caseId;
  ids.d = (await applyOnline(w, { who: urban })).caseId;
  // A: accepted Monday 2 March, decided that Friday: four working days, by its due date.
  await history(db, ids.a, {
    submitted: "2026-03-01T09:00:00",
    accepted: "2026-03-02T10:00:00",
    decided: "2026-03-06T11:00:00",
    closed: "2026-03-06T15:00:00",
    due: "2026-03-10T23:59:59",
    outcome: "granted",
  });
  // B: nine working days to the 13th, two of them paused for a supplement: seven; late.
  await history(db, ids.b, {
    submitted: "2026-03-01T10:00:00",
    accepted: "2026-03-02T10:00:00",
    decided: "2026-03-13T10:00:00",
    closed: "2026-03-13T16:00:00",
    due: "2026-03-11T23:59:59",
    outcome: "granted",
    pausedDays: 2,
    rounds: 1,
  });
  await history(db, ids.c, { submitted: "2026-03-20T10:00:00" });
  // D: refused at intake, so never on a clock.
  await history(db, ids.d, {
    submitted: "2026-03-25T10:00:00",
    closed: "2026-03-25T11:00:00",
    outcome: "rejected",
  });
  await rate(db, ids.a, 5, "2026-03-07T10:00:00");
  await rate(db, ids.b, 2, "2026-04-01T10:00:00");
});

afterAll(async () => {
  await t?.close();
});

describe("the roll-ups", () => {
  it("count each case where and when it happened, at its region and every region above", async () => {
    await refreshInsights(db, NOW);
    for (const region of ["33", "3305", "330523"]) {
      expect(await month(region, "2026-03-01")).toEqual({
        received: 4,
        closed: 3,
        timed: 2,
        on_time: 1,
        measured: 2,
        days_sum: "11",
        rated: 1,
        rating_2: 0,
        rating_5: 1,
        supplemented: 1,
      });
      expect(await daysOf(region, "2026-03-01")).toEqual({ 4: 1, 7: 1 });
      expect((await month(region, "2026-04-01")).rated).toBe(1);
      expect((await month(region, "2026-04-01")).rating_2).toBe(1);
    }
    // Where the applicants live: the rural village's case took four days, the urban community's seven.
    expect((await month("330523", "2026-03-01", sql`area = 'rural'`)).days_sum).toBe("4");
    expect((await month("330523", "2026-03-01", sql`area = 'urban'`)).days_sum).toBe("7");
    // By home: the village's and the community's own rows, and the township's holding both.
    const homes = await sql<{ region_code: string; closed: number; days_sum: string }>`
      select region_code, sum(closed)::int as closed, sum(days_sum)::text as days_sum
      from insight_homes_monthly where month = '2026-03-01' and length(region_code) >= 9
      group by region_code order by region_code`.execute(db);
    expect(homes.rows).toEqual([
      { region_code: "330523001", closed: 3, days_sum: "11" },
      { region_code: "330523001002", closed: 2, days_sum: "7" },
      { region_code: "330523001201", closed: 1, days_sum: "4" },
    ]);
    // Another county sees none of it.
    expect((await month("330522", "2026-03-01")).received).toBe(0);
  });

  it("are what a rebuild from nothing counts, row for row", async () => {
    await refreshInsights(db, NOW);
    const kept = await snapshot();
    await rebuildInsights(db, NOW);
    expect(await snapshot()).toEqual(kept);
  });

  it("follow cases as they move: a case moved through the engine, one moved to another month", async () => {
    const intake = await taskAt(t, ids.c, "intake");
    expect((await act(t, w.clerk, intake.id, { action: "accept" })).statusCode).toBe(200);
    // D's closing moves to April, and C's channel makes it the only case of its row: that row empties.
    await history(db, ids.d, {
      submitted: "2026-03-25T10:00:00",
      closed: "2026-04-02T11:00:00",
      outcome: "rejected",
    });
    const hall = await hallOf(db, await department(db, "330523", "government_service"));
    await history(db, ids.c, {
      submitted: "2026-03-20T10:00:00",
      accepted: "2026-03-23T10:00:00",
      channel: "hall",
      siteId: hall,
    });
    await refreshInsights(db, NOW);
    expect(await month("330523", "2026-03-01")).toMatchObject({ received: 4, closed: 2 });
    expect((await month("330523", "2026-04-01")).closed).toBe(1);
    await history(db, ids.c, {
      submitted: "2026-05-20T10:00:00",
      accepted: "2026-05-21T10:00:00",
      channel: "hall",
    });
    await refreshInsights(db, NOW);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from insight_monthly where channel = 'hall' and month = '2026-03-01'`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(0);
    expect((await month("330523", "2026-05-01")).received).toBe(1);
    // The hall's rows followed the case from March to May.
    const atHall = await sql<{ month: string; received: number }>`
      select month::text, received from insight_sites_monthly where site_id = ${hall}`.execute(db);
    expect(atHall.rows).toEqual([{ month: "2026-05-01", received: 1 }]);
    const kept = await snapshot();
    await rebuildInsights(db, NOW);
    expect(await snapshot()).toEqual(kept);
  });

  it("leave nothing marked, and a second refresh has nothing to do", async () => {
    await refreshInsights(db, NOW);
    expect(await refreshInsights(db, NOW)).toEqual({ cases: 0, batches: 0 });
    // A change that changes no fact is counted again and moves nothing.
    const before = await snapshot();
    await sql`update cases set updated_at = now() where id = ${ids.a}`.execute(db);
    expect((await refreshInsights(db, NOW)).cases).toBe(1);
    expect(await snapshot()).toEqual(before);
  });

  it("are rebuilt by `tongban insights rebuild`, which refuses what it does not know", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const streams = {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
    };
    const kept = await snapshot();
    expect(await insightsCommand(t.platform.database, ["rebuild"], streams)).toBe(0);
    expect(out.join("")).toMatch(/^Insight roll-ups rebuilt: 4 cases counted in \d+\.\d s\.\n$/);
    expect(await snapshot()).toEqual(kept);
    expect(await insightsCommand(t.platform.database, ["rebuilt"], streams)).toBe(1);
    expect(err.join("")).toContain('Unknown command "insights rebuilt"');
    expect(await insightsCommand(t.platform.database, [], streams)).toBe(1);
    expect(err.join("")).toContain("Say what to do with insight.");
  });
});
