import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { caseTestApp } from "../cases/testing.ts";
import { processMap } from "./mining.ts";
import { type MiningWorld, miningWorld } from "./mining-testing.ts";

let t: TestApp;
let m: MiningWorld;
const db = () => t.platform.database.db;
const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

beforeAll(async () => {
  t = await caseTestApp();
  m = await miningWorld(t);
}, 120_000);
afterAll(() => t.close());

async function supervisor() {
  const grants = await db()
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", m.supervisor.id)
    .execute();
  return { kind: "staff" as const, id: m.supervisor.id, username: "s", displayName: "s", grants };
}

describe("the process map", () => {
  it("gives each step's working days: waiting, working and in all, over every visit", async () => {
    const map = await processMap(db(), await supervisor(), { item: m.w.itemCode, ...PERIOD });
    expect(map).toMatchObject({ cases: 5, closed: 5, item: { version: 1, status: "published" } });
    const step = (key: string) => map.stages.flatMap((s) => s.tasks).find((x) => x.step === key);
    // Accepted without claiming: all of it is waiting. s waited three days for its supplement.
    expect(step("intake.intake")).toMatchObject({
      cases: 5,
      visits: 5,
      wait: { min: 1, median: 1, p90: 4, max: 4 },
      work: { min: 0, median: 0, p90: 0, max: 0 },
      total: { min: 1, median: 1, p90: 4, max: 4 },
    });
    // r's check was done twice (returned); a and b took three days, claimed after one.
    expect(step("check.check")).toMatchObject({
      cases: 5,
      visits: 6,
      total: { min: 1, median: 1, p90: 3, max: 3 },
      wait: { max: 1 },
      work: { max: 2 },
    });
    // r's first market review was cancelled by its return: a visit, not a finished one.
    expect(step("joint.market")).toMatchObject({ visits: 6, done: 5, total: { min: 1, max: 4 } });
    expect(step("joint.health")).toMatchObject({ visits: 6, done: 6, total: { min: 1, median: 2, max: 4 } });
    expect(step("decision.decision")?.total).toEqual({ min: 1, median: 1, p90: 1, max: 1 });
  });

  it("counts the paths cases took and the arrows between steps", async () => {
    const map = await processMap(db(), await supervisor(), { item: m.w.itemCode, ...PERIOD });
    expect(map.variantCount).toBe(4);
    expect(map.otherVariantCases).toBe(0);
    expect(map.variants[0]).toEqual({
      steps: ["intake", "check", "joint", "decision", "delivery"],
      cases: 2,
      share: 0.4,
      closed: 2,
      meanDays: 9,
    });
    expect(map.variants.slice(1)).toEqual(
      expect.arrayContaining([
        {
          steps: ["intake", "check", "joint", "return", "check", "joint", "decision", "delivery"],
          cases: 1,
          share: 0.2,
          closed: 1,
          meanDays: 8,
        },
        {
          steps: ["request_supplement", "intake", "check", "joint", "decision", "delivery"],
          cases: 1,
          share: 0.2,
          closed: 1,
          meanDays: 10,
        },
        { steps: ["intake", "check", "joint", "deny"], cases: 1, share: 0.2, closed: 1, meanDays: 5 },
      ]),
    );
    const arrow = (source: string, target: string) =>
      map.edges.find((e) => e.source === source && e.target === target)?.cases;
    expect(arrow("start", "intake")).toBe(4);
    expect(arrow("start", "request_supplement")).toBe(1);
    expect(arrow("intake", "check")).toBe(5);
    expect(arrow("check", "joint")).toBe(6);
    expect(arrow("joint", "return")).toBe(1);
    expect(arrow("return", "check")).toBe(1);
    expect(arrow("joint", "decision")).toBe(4);
    expect(arrow("delivery", "end")).toBe(4);
    expect(arrow("deny", "end")).toBe(1);
  });

  it("measures rework and names the department that finishes the joint review last", async () => {
    const map = await processMap(db(), await supervisor(), { item: m.w.itemCode, ...PERIOD });
    expect(map.rework).toEqual({
      supplementShare: 0.2,
      meanSupplementRounds: 1,
      returnShare: 0.2,
      meanReturns: 1,
    });
    expect(map.slowest).toHaveLength(1);
    const [joint] = map.slowest;
    // r's first round had one finished task (the other was cancelled): no race to count.
    expect(joint?.rounds).toBe(5);
    expect(joint?.departments.map((d) => [d.timesLast, d.share, d.meanMarginDays])).toEqual([
      [4, 0.8, 1.5],
      [1, 0.2, 2],
    ]);
    expect(joint?.departments[0]?.name).toContain("卫生");
  });

  it("reads only the region and period asked for", async () => {
    const before = await processMap(db(), await supervisor(), {
      item: m.w.itemCode,
      from: "2026-04-01",
      to: "2026-04-30",
    });
    expect(before).toMatchObject({ cases: 0, variants: [], slowest: [{ rounds: 0, departments: [] }] });
    expect(before.stages[0]?.tasks[0]?.total).toEqual({ min: null, median: null, p90: null, max: null });
    const township = await processMap(db(), await supervisor(), {
      item: m.w.itemCode,
      region: "330523001",
      ...PERIOD,
    });
    expect(township.cases).toBe(0);
  });
});
