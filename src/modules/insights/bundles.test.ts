import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import type { Db } from "../../platform/db/database.ts";
import { settleBundles } from "../bundles/service.ts";
import { applyBundle, type BundleWorld, bundleWorld } from "../bundles/testing.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";
import { rebuildInsights, refreshInsights } from "./rollup.ts";
import { at, history } from "./testing.ts";

let t: TestApp;
let db: Db;
let w: BundleWorld;
let supervisor: Staff;
let province: Staff;
let settled: { application: string; children: string[] };
let open: { application: string; children: string[] };

const MARCH = "from=2026-03&to=2026-03";

/** Applies for the world's bundle, as submitted at the given instant with its children. */
async function applied(submitted: string): Promise<{ application: string; children: string[] }> {
  const response = await applyBundle(w, `insight-${Math.random().toString(36).slice(2, 12)}`);
  if (response.statusCode !== 201) throw new Error(`apply: ${response.statusCode} ${response.body}`);
  const application = response.json().id as string;
  await sql`update bundle_applications set submitted_at = ${at(submitted)} where id = ${application}`.execute(
    db,
  );
  const { rows } = await sql<{ case_id: string }>`
    select case_id from bundle_cases where bundle_application_id = ${application} order by position`.execute(
    db,
  );
  const children = rows.map((r) => r.case_id);
  for (const id of children) await history(db, id, { submitted });
  return { application, children };
}

/** Closes a child on the given day, granted, as its department would have. */
const close = (caseId: string, submitted: string, closed: string) =>
  history(db, caseId, { submitted, accepted: submitted, decided: closed, closed, outcome: "granted" });

async function bundleTables(): Promise<unknown> {
  const read = async (table: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
      .map((r) => JSON.stringify(r, Object.keys(r).sort()))
      .sort();
  return { facts: await read("insight_bundle_facts"), monthly: await read("insight_bundle_monthly") };
}

const dashboardOf = async (region: string, who = supervisor) =>
  (await call(t, who, "GET", `/api/v1/insights/dashboard?region=${region}&${MARCH}`)).json();

beforeAll(async () => {
  t = await caseTestApp();
  db = t.platform.database.db;
  w = await bundleWorld(t);
  supervisor = await staffOf(t, "supervisor", { jurisdiction: "330523" });
  province = await staffOf(t, "supervisor", { jurisdiction: "33" });
  // Submitted Monday 2 March; the departments close on Wednesday 4, Friday 6 and Tuesday 10 March:
  // two, four and six working days, twelve one after another, six side by side.
  settled = await applied("2026-03-02T09:00:00");
  const closes = ["2026-03-04T16:00:00", "2026-03-06T16:00:00", "2026-03-10T16:00:00"];
  for (const [i, id] of settled.children.entries())
    await close(id, "2026-03-02T09:00:00", closes[i] as string);
  // Submitted Monday 16 March, one child closed, two still open.
  open = await applied("2026-03-16T09:00:00");
  await close(open.children[0] as string, "2026-03-16T09:00:00", "2026-03-17T16:00:00");
  expect(await settleBundles(db)).toBe(1);
  await refreshInsights(db);
});

afterAll(async () => {
  await t?.close();
});

describe("one-thing bundles on the dashboard", () => {
  it("sets each bundle's time beside the sum of its parts, with what is still open", async () => {
    const d = await dashboardOf("330523");
    const figures = { received: 2, settled: 1, meanDays: 6, meanPartsDays: 12, ratio: 0.5, backlog: 1 };
    expect(d.bundles.byBundle).toEqual([
      { code: w.code, name: "测试开办企业", nameEn: "Test enterprise start-up", figures },
    ]);
    expect(d.bundles.total).toEqual(figures);
    // The province sees the county's bundles summed, no more and no less.
    expect((await dashboardOf("33", province)).bundles).toEqual(d.bundles);
    // The backlog counts every month up to the period's end; a later month received nothing.
    const april = (
      await call(t, supervisor, "GET", "/api/v1/insights/dashboard?region=330523&from=2026-04&to=2026-04")
    ).json();
    expect(april.bundles.total).toEqual({
      received: 0,
      settled: 0,
      meanDays: null,
      meanPartsDays: null,
      ratio: null,
      backlog: 1,
    });
  });

  it("shows them on the page, in a table", async () => {
    const page = await call(t, supervisor, "GET", `/work/insights?region=330523&${MARCH}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="bundles">');
    const row = page.body.slice(page.body.indexOf("测试开办企业</th>"));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(
      /<td>2<\/td><td>1<\/td><td>6<\/td><td>12<\/td><td>0\.5<\/td>/,
    );
  });

  it("recounts a bundle when a child changes, and agrees with a rebuild row for row", async () => {
    // A department corrects its close day: the bundle's own row is untouched, only the child's case.
    await close(settled.children[1] as string, "2026-03-02T09:00:00", "2026-03-05T16:00:00");
    // The open bundle completes: its last two children close, and it is settled.
    for (const id of open.children.slice(1)) await close(id, "2026-03-16T09:00:00", "2026-03-20T16:00:00");
    expect(await settleBundles(db)).toBe(1);
    await refreshInsights(db);
    const d = await dashboardOf("330523");
    // 6 + 4 bundle days over 11 + (1 + 4 + 4) parts days.
    expect(d.bundles.total).toEqual({
      received: 2,
      settled: 2,
      meanDays: 5,
      meanPartsDays: 10,
      ratio: 0.5,
      backlog: 0,
    });
    const kept = await bundleTables();
    await rebuildInsights(db);
    expect(await bundleTables()).toEqual(kept);
  });
});
