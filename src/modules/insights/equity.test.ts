import { sql } from "kysely";
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
import { refreshInsights } from "./rollup.ts";
import { history } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let db: Db;
let supervisor: Staff;
const PERIOD = "from=2026-03&to=2026-03";

/** Decided cases of one applicant, each taking `days` working days from Monday 2 March. */
async function decided(
  who: Parameters<typeof applyOnline>[1],
  count: number,
  decidedOn: string,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { caseId } = await applyOnline(w, who);
    await history(db, caseId, {
      submitted: "2026-03-01T09:00:00",
      accepted: "2026-03-02T10:00:00",
      decided: `${decidedOn}T10:00:00`,
      closed: `${decidedOn}T12:00:00`,
      due: "2026-03-31T23:59:59",
      outcome: "granted",
    });
  }
}

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  supervisor = await staffOf(t, "supervisor", { jurisdiction: "330523" });
  const townsperson = await someone(t, { name: "李芳", addressRegionCode: "330523001002" });
  // Villagers wait eight working days (to Thursday 12 March), townspeople two.
  await decided({}, 5, "2026-03-12");
  await decided({ who: townsperson }, 5, "2026-03-04");
  // 古城村 has a service point; 苕秀社区 has neither a point nor an agent.
  const office = await department(db, "330523001", "government_service");
  await sql`
    insert into service_sites (code, kind, region_code, department_id, name, hours)
    values ('gucheng-point', 'point', '330523001201', ${office}, '古城村便民服务站', '{}'::jsonb)`.execute(
    db,
  );
  await refreshInsights(db);
});

afterAll(async () => {
  await t?.close();
});

describe("the rural–urban gap", () => {
  it("names the villages served worst, by where applicants live, and the villages out of reach", async () => {
    const response = await call(t, supervisor, "GET", `/api/v1/insights/equity?region=330523&${PERIOD}`);
    expect(response.statusCode).toBe(200);
    const v = response.json();
    expect(v.equity.ratios.days).toBe(4);
    expect(v.worstTownships.map((p: { code: string }) => p.code)).toEqual(["330523001"]);
    expect(v.worstVillages).toEqual([
      expect.objectContaining({ code: "330523001201", urbanRural: "rural", closed: 5, meanDays: 8 }),
      expect.objectContaining({ code: "330523001002", urbanRural: "urban", closed: 5, meanDays: 2 }),
    ]);
    expect(v.reach).toEqual({
      villages: 2,
      withPoint: 1,
      withAgent: 0,
      unreached: 1,
      unreachedVillages: [{ code: "330523001002", name: "苕秀社区居委会", urbanRural: "urban" }],
    });
    // The sample item is taken in online, at halls and on phones: not at village points.
    expect(v.items).toEqual({ offered: 1, atPoints: 0, share: 0 });
  });

  it("leaves out places with too few decisions to compare", async () => {
    const v = (
      await call(t, supervisor, "GET", "/api/v1/insights/equity?region=330523&from=2026-04&to=2026-04")
    ).json();
    expect(v.worstVillages).toEqual([]);
  });

  it("is a page, and answers bad input as the dashboard does", async () => {
    const page = await call(t, supervisor, "GET", `/work/insights/equity?region=330523&${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("安吉县城乡办事差距");
    expect(page.body).toContain("苕秀社区居委会");
    const status = async (query: string) =>
      (await call(t, supervisor, "GET", `/api/v1/insights/equity?${query}`)).statusCode;
    expect(await status("region=330599")).toBe(404);
    expect(await status("region=330522")).toBe(404);
    expect(await status("from=2026-05&to=2026-01")).toBe(400);
    expect((await call(t, w.reviewer, "GET", "/api/v1/insights/equity")).statusCode).toBe(403);
  });
});
